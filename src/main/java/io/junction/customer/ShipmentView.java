package io.junction.customer;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.CloudEvent;
import io.junction.canonical.EventType;
import io.junction.canonical.OrderStatus;
import io.junction.canonical.Shipment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;

/**
 * Shipment events in the customer view: each linked shipment is shown on its order (the latest document wins), and
 * {@code shipment.delivered} moves the order to DELIVERED under the forward-only status rules. Runs inside the
 * customer view's transaction for the event.
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

    public String apply(CloudEvent event, OffsetDateTime now) throws Exception {
        Shipment shipment = json.treeToValue(event.data(), Shipment.class).withDelay(null);
        if (shipment.order() == null) {
            return "shipment " + shipment.shipmentId() + " is not linked to an order yet";
        }
        Shipment.OrderRef ref = shipment.order();
        // the SCM adapter links a shipment only to an order it saw on the bus; this view sees the same event on its own
        // queue, maybe a moment later, so an order not here yet is a reason to retry, not to refuse
        OrderStore.Known order = orders.find(ref.sourceSystem(), ref.sourceOrderId()).orElseThrow(() -> new IllegalStateException(
                "order " + ref.sourceSystem() + "/" + ref.sourceOrderId() + " is not in the customer view yet"));
        String document = json.writeValueAsString(shipment);
        if (jdbc.update("update order_shipment set source_system = ?, source_order_id = ?, document = ?, as_of = ? where shipment_id = ? and as_of <= ?",
                ref.sourceSystem(), ref.sourceOrderId(), document, shipment.updatedAt(), shipment.shipmentId(), shipment.updatedAt()) == 0
                && jdbc.queryForObject("select count(*) from order_shipment where shipment_id = ?", Integer.class, shipment.shipmentId()) == 0) {
            jdbc.update("insert into order_shipment (shipment_id, source_system, source_order_id, document, as_of) values (?, ?, ?, ?, ?)",
                    shipment.shipmentId(), ref.sourceSystem(), ref.sourceOrderId(), document, shipment.updatedAt());
        }
        if (event.eventType() != EventType.SHIPMENT_DELIVERED || order.status() == OrderStatus.DELIVERED) {
            return "order " + order.id() + " shows shipment " + shipment.shipmentId() + " " + shipment.status();
        }
        boolean forward = order.status().canMoveTo(OrderStatus.DELIVERED);
        orders.recordStatus(order.id(), OrderStatus.DELIVERED, order.status(), forward,
                forward ? "delivered: " + shipment.carrier() + " " + shipment.trackingNumber()
                        : "status cannot move from " + order.status() + " to " + OrderStatus.DELIVERED,
                event.id(), shipment.deliveredAt(), now);
        if (forward) {
            orders.moveTo(order.id(), OrderStatus.DELIVERED, now);
        }
        return "order " + order.id() + (forward ? " delivered" : " not moved to DELIVERED");
    }
}
