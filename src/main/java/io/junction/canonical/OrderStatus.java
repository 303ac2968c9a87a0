package io.junction.canonical;

import java.util.EnumSet;
import java.util.Set;

/**
 * The order life cycle. Status only moves forward:
 * PLACED → ACCEPTED → ALLOCATED | BACKORDERED → SHIPPED → (INVOICED →) DELIVERED, with CANCELLED before shipping,
 * REJECTED when the ERP refuses the order, RETURNED after shipping, and REFUNDED after a cancellation or a return.
 */
public enum OrderStatus {
    PLACED,
    ACCEPTED,
    ALLOCATED,
    BACKORDERED,
    SHIPPED,
    INVOICED,
    DELIVERED,
    CANCELLED,
    REJECTED,
    RETURNED,
    REFUNDED;

    private Set<OrderStatus> next() {
        return switch (this) {
            case PLACED ->
                EnumSet.of(
                        ACCEPTED, ALLOCATED, BACKORDERED, SHIPPED, INVOICED, DELIVERED, CANCELLED, REJECTED, REFUNDED);
            case ACCEPTED ->
                EnumSet.of(ALLOCATED, BACKORDERED, SHIPPED, INVOICED, DELIVERED, CANCELLED, REJECTED, REFUNDED);
            // stock arriving turns a back-order into an allocation
            case BACKORDERED -> EnumSet.of(ALLOCATED, SHIPPED, INVOICED, DELIVERED, CANCELLED, REFUNDED);
            case ALLOCATED -> EnumSet.of(SHIPPED, INVOICED, DELIVERED, CANCELLED, REFUNDED);
            case SHIPPED -> EnumSet.of(INVOICED, DELIVERED, RETURNED, REFUNDED);
            case INVOICED -> EnumSet.of(DELIVERED, RETURNED, REFUNDED);
            case DELIVERED -> EnumSet.of(RETURNED, REFUNDED);
            case CANCELLED, REJECTED, RETURNED -> EnumSet.of(REFUNDED);
            case REFUNDED -> EnumSet.noneOf(OrderStatus.class);
        };
    }

    public boolean canMoveTo(OrderStatus target) {
        return next().contains(target);
    }
}
