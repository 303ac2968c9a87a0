package io.junction.service.cases;

import io.junction.canonical.Order;
import io.junction.canonical.OrderStatus;
import io.junction.canonical.PaymentStatus;
import io.junction.canonical.Shipment;
import io.junction.service.cases.ServiceDesk.Trigger;
import io.junction.view.customer.CustomerChange;
import io.junction.view.intelligence.Profile;
import io.junction.view.intelligence.ProfileChange;
import io.junction.view.intelligence.Tier;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Turns what the customer view and the intelligence see into rule events, in the transaction of the change (so a case
 * and its cause commit together, and the view's idempotent claim makes each event count once). The view's changes come
 * from its fan-out (direct:service-rules), after the intelligence branch:
 * <ul>
 *   <li>an order moved to BACKORDERED, RETURNED or DELIVERED (also by a shipment's delivery) → {@code order.backordered},
 *       {@code order.returned}, {@code order.delivered}; a payment status FAILED → {@code order.payment-failed};</li>
 *   <li>{@code shipment.delayed} and {@code shipment.exception} about an order the view holds;</li>
 *   <li>a profile's tier or lifecycle stage moved → {@code customer.tier-changed}, {@code customer.lifecycle-changed}.</li>
 * </ul>
 * In the fan-out it runs after the intelligence branch, so rules see the customer's tier with the batch's changes
 * counted; a changed profile reaches it from direct:profile-changed, before TierLoss.
 */
@Component
public class ServiceHooks {

    private final ServiceDesk desk;

    public ServiceHooks(ServiceDesk desk) {
        this.desk = desk;
    }

    /** The customer view's changes of a batch, in order; contact changes raise no service event. */
    public void viewChanged(List<CustomerChange> changes) throws Exception {
        CustomerChange.forEach(changes, change -> {
            if (change instanceof CustomerChange.OrderChanged order) {
                orderChanged(order.customerId(), order.orderId(), order.order(), order.status(), order.eventId());
            } else if (change instanceof CustomerChange.PaymentChanged payment) {
                paymentChanged(payment.customerId(), payment.orderId(), payment.order(), payment.eventId());
            } else if (change instanceof CustomerChange.ShipmentReported shipment) {
                shipmentEvent(shipment);
            }
        });
    }

    private void orderChanged(String customerId, String orderId, Order order, OrderStatus status, String eventId) {
        String event =
                switch (status) {
                    case BACKORDERED -> "order.backordered";
                    case RETURNED -> "order.returned";
                    case DELIVERED -> "order.delivered";
                    default -> null;
                };
        if (event != null) {
            Map<String, String> facts = orderFacts(order);
            facts.put("reason", order.statusReason() == null ? "no reason given" : order.statusReason());
            facts.put("detail", order.statusReason());
            desk.handle(new Trigger(event, customerId, "order:" + orderId, eventId, desk.tierOf(customerId), facts));
        }
    }

    private void paymentChanged(String customerId, String orderId, Order order, String eventId) {
        if (order.paymentStatus() == PaymentStatus.FAILED) {
            desk.handle(new Trigger(
                    "order.payment-failed",
                    customerId,
                    "order:" + orderId,
                    eventId,
                    desk.tierOf(customerId),
                    orderFacts(order)));
        }
    }

    private void shipmentEvent(CustomerChange.ShipmentReported reported) {
        Shipment shipment = reported.shipment();
        String customerId = reported.customerId();
        String orderId = reported.orderId();
        String event =
                switch (reported.type()) {
                    case SHIPMENT_DELAYED -> "shipment.delayed";
                    case SHIPMENT_EXCEPTION -> "shipment.exception";
                    default -> null;
                };
        if (event == null) {
            return;
        }
        Map<String, String> facts = new HashMap<>();
        facts.put(
                "order",
                shipment.order() == null || shipment.order().orderNumber() == null
                        ? orderId
                        : shipment.order().orderNumber());
        facts.put(
                "tracking",
                shipment.trackingNumber() == null
                        ? shipment.shipmentId()
                        : shipment.carrier() + " " + shipment.trackingNumber());
        if (shipment.delay() != null) {
            facts.put("cause", shipment.delay().cause().name());
            facts.put("detail", shipment.delay().detail());
        } else {
            facts.put("cause", "EXCEPTION");
        }
        desk.handle(new Trigger(
                event,
                customerId,
                "shipment:" + shipment.shipmentId(),
                reported.eventId(),
                desk.tierOf(customerId),
                facts));
    }

    /** direct:profile-changed (routes/customer-view.camel.yaml): a batch's changed profiles, in turn. */
    public void profilesChanged(List<ProfileChange> changes) throws Exception {
        ProfileChange.forEach(changes, this::profileChanged);
    }

    private void profileChanged(ProfileChange change) {
        String customerId = change.customerId();
        Profile before = change.before();
        Profile after = change.after();
        String cause = "profile/" + customerId + "/" + UUID.randomUUID();
        if (after.tier() != before.tier()) {
            Map<String, String> facts = new HashMap<>();
            facts.put("previousTier", before.tier().name());
            facts.put("upgrade", String.valueOf(after.tier().above(before.tier())));
            desk.handle(
                    new Trigger("customer.tier-changed", customerId, "customer", cause, ServiceTier.of(after), facts));
        }
        if (after.stage() != before.stage() && after.stage() != null) {
            // a lapsing customer's trailing revenue, and with it the tier, may fall in the same recompute: a high-value
            // customer is judged, and served, by the higher of the two tiers
            Tier higher = before.tier().above(after.tier()) ? before.tier() : after.tier();
            ServiceTier tier = after.blacklisted() ? ServiceTier.BLACKLISTED : ServiceTier.valueOf(higher.name());
            desk.handle(new Trigger("customer.lifecycle-changed", customerId, "customer", cause, tier, Map.of()));
        }
    }

    private static Map<String, String> orderFacts(Order order) {
        Map<String, String> facts = new HashMap<>();
        facts.put(
                "order",
                order.orderNumber() != null ? order.orderNumber() : order.sourceSystem() + "/" + order.sourceOrderId());
        return facts;
    }
}
