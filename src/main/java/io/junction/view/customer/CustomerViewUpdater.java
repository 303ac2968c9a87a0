package io.junction.view.customer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.CloudEvent;
import io.junction.canonical.Customer;
import io.junction.canonical.EventType;
import io.junction.canonical.Order;
import io.junction.canonical.OrderStatus;
import io.junction.canonical.Orders;
import io.junction.platform.bus.batch.BatchApply;
import io.junction.platform.bus.batch.BusMessage;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Applies canonical events to the single customer view: matches and merges the customer, upserts the order and moves
 * its status forward only, in the batch's database transaction (the consumer's route holds it), idempotent on the event
 * id. What it changed it hands back as {@link CustomerChange}s, for the route's fan-out in the same transaction.
 */
@Component
public class CustomerViewUpdater {

    /** The claims of the customer view's consumers, in processed_message. */
    public static final String PROCESSOR = "customer-view";

    private final BatchApply batches;
    private final CustomerMatcher matcher;
    private final Survivorship survivorship;
    private final CustomerStore customers;
    private final OrderStore orders;
    private final ObjectMapper json;
    private final ShipmentView shipments;
    private final Clock clock;

    public CustomerViewUpdater(
            BatchApply batches,
            CustomerMatcher matcher,
            Survivorship survivorship,
            CustomerStore customers,
            OrderStore orders,
            ObjectMapper json,
            ShipmentView shipments,
            Clock clock) {
        this.batches = batches;
        this.matcher = matcher;
        this.survivorship = survivorship;
        this.customers = customers;
        this.orders = orders;
        this.json = json;
        this.shipments = shipments;
        this.clock = clock;
    }

    /**
     * Applies a batch of bus messages in the caller's transaction: what each did, for the log, and the changes. A
     * message that is not a valid canonical event is refused (422), so the batch is split and that message
     * dead-lettered alone with the reason.
     */
    public CustomerViewBatch<String> applyAll(List<BusMessage> batch) throws Exception {
        List<CustomerChange> changes = new ArrayList<>();
        List<String> done =
                batches.apply(PROCESSOR, batch, event -> applyClaimed(event, changes), CustomerViewUpdater::duplicate);
        return new CustomerViewBatch<>(done, changes);
    }

    private static String duplicate(CloudEvent event) {
        return "duplicate " + event.id() + " ignored";
    }

    /** Applies one event this transaction claimed for the customer view, adding what it changed to {@code changes}; what it did. */
    public String applyClaimed(CloudEvent event, List<CustomerChange> changes) throws Exception {
        EventType type = event.eventType();
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (type.isOrder()) {
            return applyOrder(event, json.treeToValue(event.data(), Order.class), now, changes);
        }
        if (type.family().equals("shipment")) {
            return shipments.apply(event, now, changes);
        }
        if (type != EventType.CUSTOMER_UPSERTED) {
            return type.type() + " " + event.id() + " is not for the customer view";
        }
        Customer customer = json.treeToValue(event.data(), Customer.class);
        return "customer " + upsertCustomer(customer, reportedAt(customer.updatedAt(), event), now, changes);
    }

    private String applyOrder(CloudEvent event, Order order, OffsetDateTime now, List<CustomerChange> changes)
            throws Exception {
        String customerId = upsertCustomer(order.customer(), reportedAt(order.sourceTime(), event), now, changes);
        Optional<OrderStore.Known> known = orders.find(order.sourceSystem(), order.sourceOrderId());
        if (known.isEmpty()) {
            String id = Orders.hubId(order);
            orders.insert(id, customerId, order, now);
            orders.recordStatus(
                    id, order.status(), null, true, order.statusReason(), event.id(), order.sourceTime(), now);
            changes.add(new CustomerChange.OrderChanged(customerId, id, order, null, order.status(), event.id()));
            if (order.paymentStatus() != null) {
                changes.add(new CustomerChange.PaymentChanged(customerId, id, order, null, event.id()));
            }
            shipments.orderArrived(order.sourceSystem(), order.sourceOrderId(), now, changes);
            return "order " + id + " created " + order.status();
        }
        OrderStore.Known current = known.get();
        if (order.sourceTime() != null
                && current.sourceUpdatedAt() != null
                && order.sourceTime().isBefore(current.sourceUpdatedAt())) {
            orders.recordStatus(
                    current.id(),
                    order.status(),
                    current.status(),
                    false,
                    "stale: reported as of " + order.sourceTime() + ", order known as of " + current.sourceUpdatedAt(),
                    event.id(),
                    order.sourceTime(),
                    now);
            return "order " + current.id() + " stale update recorded";
        }
        OrderStatus status = current.status();
        if (order.status() != current.status()) {
            boolean forward = current.status().canMoveTo(order.status());
            orders.recordStatus(
                    current.id(),
                    order.status(),
                    current.status(),
                    forward,
                    forward
                            ? order.statusReason()
                            : "status cannot move from " + current.status() + " to " + order.status(),
                    event.id(),
                    order.sourceTime(),
                    now);
            status = forward ? order.status() : current.status();
            if (forward) {
                changes.add(new CustomerChange.OrderChanged(
                        customerId, current.id(), order, current.status(), order.status(), event.id()));
            }
        }
        orders.update(current.id(), customerId, order, status, now);
        if (order.paymentStatus() != null && order.paymentStatus() != current.paymentStatus()) {
            changes.add(new CustomerChange.PaymentChanged(
                    customerId, current.id(), order, current.paymentStatus(), event.id()));
        }
        return "order " + current.id() + " now " + status;
    }

    private String upsertCustomer(
            Customer incoming, OffsetDateTime at, OffsetDateTime now, List<CustomerChange> changes) {
        Optional<GoldenCustomer> match = lockedMatch(incoming);
        GoldenCustomer golden;
        if (match.isEmpty()) {
            golden = survivorship.merge(GoldenCustomer.empty(UUID.randomUUID().toString(), now), incoming, at);
            customers.insert(golden);
        } else {
            GoldenCustomer merged = survivorship.merge(match.get(), incoming, at);
            golden = merged;
            if (!merged.provenance().equals(match.get().provenance())) {
                golden = merged.touched(
                        Survivorship.changedValues(match.get(), merged)
                                ? now
                                : match.get().updatedAt());
                customers.update(golden);
            }
        }
        customers.rememberContacts(golden.id(), match.isEmpty(), incoming.email(), incoming.phone(), now);
        boolean newLink = incoming.sourceCustomerId() != null
                && customers.link(incoming.sourceSystem(), incoming.sourceCustomerId(), golden.id(), now);
        changes.add(new CustomerChange.CustomerMerged(match, golden, incoming, at, newLink));
        return golden.id();
    }

    /** The matching golden record as it is once this transaction alone may write it (see CustomerStore.lock). */
    private Optional<GoldenCustomer> lockedMatch(Customer incoming) {
        Optional<GoldenCustomer> match = matcher.match(incoming);
        if (match.isEmpty()) {
            return match;
        }
        customers.lock(match.get().id());
        return matcher.match(incoming);
    }

    private static OffsetDateTime reportedAt(OffsetDateTime sourceTime, CloudEvent event) {
        return sourceTime != null ? sourceTime : event.time();
    }
}
