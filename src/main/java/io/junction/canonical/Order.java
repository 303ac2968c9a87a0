package io.junction.canonical;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/** An order as its source system reports it: the data of {@code order.placed|updated|cancelled}. */
public record Order(
        String sourceSystem,
        String sourceOrderId,
        String orderNumber,
        OrderStatus status,
        PaymentStatus paymentStatus,
        String currency,
        List<OrderLine> lines,
        BigDecimal subtotal,
        BigDecimal tax,
        BigDecimal shipping,
        BigDecimal total,
        OffsetDateTime placedAt,
        OffsetDateTime updatedAt,
        String cancelReason,
        String statusReason,
        String shipmentRef,
        Customer customer,
        Address shippingAddress) {

    /** When the source last changed the order: the clock that decides whether an update is stale. */
    public OffsetDateTime sourceTime() {
        return updatedAt != null ? updatedAt : placedAt;
    }

    /** The order as the ERP reports it: its new status as of {@code at}, with the ERP's reason and shipment reference. */
    public Order reported(OrderStatus newStatus, OffsetDateTime at, String reason, String shipment) {
        return new Order(
                sourceSystem,
                sourceOrderId,
                orderNumber,
                newStatus,
                paymentStatus,
                currency,
                lines,
                subtotal,
                tax,
                shipping,
                total,
                placedAt,
                at,
                null,
                reason,
                shipment,
                customer,
                shippingAddress);
    }
}
