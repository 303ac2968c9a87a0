package io.junction.view.customer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.CloudEvent;
import io.junction.canonical.EventType;
import io.junction.canonical.OrderStatus;
import io.junction.canonical.Shipment;
import io.junction.canonical.ShipmentStatus;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Shipment events in the customer view: each linked shipment is shown on its order (the latest document wins), and
 * {@code shipment.delivered} moves the order to DELIVERED under the forward-only status rules, at once or when the
 * order arrives. Runs inside the customer view's transaction for the event; the delivery and every shipment event
 * about an order the view holds are changes for the fan-out.
 */
@Component
public class ShipmentView {

    private final JdbcTemplate jdbc;
    private final OrderStore orders;
    private final ObjectMapper json;

    public ShipmentView(JdbcTemplate jdbc, OrderStore orders, ObjectMapper json) {
        this.jdbc = jdbc;
        this.orders = orders;
        this.json = json;
    }

    public String apply(CloudEvent event, OffsetDateTime now, List<CustomerChange> changes) throws Exception {
        Shipment shipment = json.treeToValue(event.data(), Shipment.class).withDelay(null);
        if (shipment.order() == null) {
            return "shipment " + shipment.shipmentId() + " is not linked to an order yet";
        }
        Shipment.OrderRef ref = shipment.order();
        String document = json.writeValueAsString(shipment);
        if (jdbc.update(
                                "update order_shipment set source_system = ?, source_order_id = ?, document = ?, as_of = ? where shipment_id = ? and as_of <= ?",
                                ref.sourceSystem(),
                                ref.sourceOrderId(),
                                document,
                                shipment.updatedAt(),
                                shipment.shipmentId(),
                                shipment.updatedAt())
                        == 0
                && jdbc.queryForObject(
                                "select count(*) from order_shipment where shipment_id = ?",
                                Integer.class,
                                shipment.shipmentId())
                        == 0) {
            jdbc.update(
                    "insert into order_shipment (shipment_id, source_system, source_order_id, document, as_of) values (?, ?, ?, ?, ?)",
                    shipment.shipmentId(),
                    ref.sourceSystem(),
                    ref.sourceOrderId(),
                    document,
                    shipment.updatedAt());
        }
        // the SCM adapter links a shipment only to an order it saw on the bus, but this view reads that order from its
        // own queue and may not have it yet: the shipment is kept, and the order is delivered when it arrives
        Optional<OrderStore.Known> order = orders.find(ref.sourceSystem(), ref.sourceOrderId());
        if (order.isEmpty()) {
            return "shipment " + shipment.shipmentId() + " kept for order " + ref.sourceSystem() + "/"
                    + ref.sourceOrderId() + ", not here yet";
        }
        if (event.eventType() == EventType.SHIPMENT_DELIVERED) {
            deliver(order.get(), shipment, event.id(), now, changes);
        }
        String customerId = orders.stored(order.get().id()).customerId();
        Shipment announced = json.treeToValue(event.data(), Shipment.class);
        changes.add(new CustomerChange.ShipmentReported(
                customerId, order.get().id(), event.eventType(), announced, event.id()));
        return "order " + order.get().id() + " shows shipment " + shipment.shipmentId() + " " + shipment.status();
    }

    /** A new order in the view: a shipment of it that was delivered before the order arrived delivers it now. */
    public void orderArrived(
            String sourceSystem, String sourceOrderId, OffsetDateTime now, List<CustomerChange> changes)
            throws Exception {
        List<String> documents = jdbc.queryForList(
                "select document from order_shipment where source_system = ? and source_order_id = ? "
                        + "order by shipment_id",
                String.class,
                sourceSystem,
                sourceOrderId);
        for (String document : documents) {
            Shipment shipment = json.readValue(document, Shipment.class);
            if (shipment.status() == ShipmentStatus.DELIVERED) {
                deliver(
                        orders.find(sourceSystem, sourceOrderId).orElseThrow(),
                        shipment,
                        "shipment/" + shipment.shipmentId(),
                        now,
                        changes);
            }
        }
    }

    /** DELIVERED under the forward-only rules, recorded in the status history either way. */
    private void deliver(
            OrderStore.Known order,
            Shipment shipment,
            String eventId,
            OffsetDateTime now,
            List<CustomerChange> changes) {
        if (order.status() == OrderStatus.DELIVERED) {
            return;
        }
        boolean forward = order.status().canMoveTo(OrderStatus.DELIVERED);
        orders.recordStatus(
                order.id(),
                OrderStatus.DELIVERED,
                order.status(),
                forward,
                forward
                        ? "delivered: " + shipment.carrier() + " " + shipment.trackingNumber()
                        : "status cannot move from " + order.status() + " to " + OrderStatus.DELIVERED,
                eventId,
                shipment.deliveredAt(),
                now);
        if (forward) {
            orders.moveTo(order.id(), OrderStatus.DELIVERED, now);
            // every status move is a change, so the CRM and the service rules hear of deliveries too
            OrderStore.Stored stored = orders.stored(order.id());
            changes.add(new CustomerChange.OrderChanged(
                    stored.customerId(), order.id(), stored.order(), order.status(), OrderStatus.DELIVERED, eventId));
        }
    }
}
