package io.junction.canonical;

import java.util.EnumSet;
import java.util.Set;

/**
 * The order life cycle. Status only moves forward:
 * PLACED → ACCEPTED → ALLOCATED | BACKORDERED → SHIPPED → DELIVERED, with CANCELLED before shipping,
 * RETURNED after it, and REFUNDED after a cancellation or a return.
 */
public enum OrderStatus {
    PLACED, ACCEPTED, ALLOCATED, BACKORDERED, SHIPPED, DELIVERED, CANCELLED, RETURNED, REFUNDED;

    private Set<OrderStatus> next() {
        return switch (this) {
            case PLACED -> EnumSet.of(ACCEPTED, ALLOCATED, BACKORDERED, SHIPPED, DELIVERED, CANCELLED, REFUNDED);
            case ACCEPTED -> EnumSet.of(ALLOCATED, BACKORDERED, SHIPPED, DELIVERED, CANCELLED, REFUNDED);
            // stock arriving turns a back-order into an allocation
            case BACKORDERED -> EnumSet.of(ALLOCATED, SHIPPED, DELIVERED, CANCELLED, REFUNDED);
            case ALLOCATED -> EnumSet.of(SHIPPED, DELIVERED, CANCELLED, REFUNDED);
            case SHIPPED -> EnumSet.of(DELIVERED, RETURNED, REFUNDED);
            case DELIVERED -> EnumSet.of(RETURNED, REFUNDED);
            case CANCELLED, RETURNED -> EnumSet.of(REFUNDED);
            case REFUNDED -> EnumSet.noneOf(OrderStatus.class);
        };
    }

    public boolean canMoveTo(OrderStatus target) {
        return next().contains(target);
    }
}
