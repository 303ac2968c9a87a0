package io.junction.canonical;

import java.util.Arrays;
import java.util.Optional;

/** The canonical event types, each in the family whose bus address carries it. */
public enum EventType {
    ORDER_PLACED("order.placed", "order", "order.schema.json"),
    ORDER_UPDATED("order.updated", "order", "order.schema.json"),
    ORDER_CANCELLED("order.cancelled", "order", "order.schema.json"),
    ORDER_BACKORDERED("order.backordered", "order", "backorder.schema.json"),
    CUSTOMER_UPSERTED("customer.upserted", "customer", "customer.schema.json"),
    INVENTORY_CHANGED("inventory.changed", "inventory", "inventory.schema.json"),
    SHIPMENT_UPDATED("shipment.updated", "shipment", "shipment.schema.json"),
    SHIPMENT_DELAYED("shipment.delayed", "shipment", "shipment.schema.json"),
    SHIPMENT_EXCEPTION("shipment.exception", "shipment", "shipment.schema.json"),
    SHIPMENT_DELIVERED("shipment.delivered", "shipment", "shipment.schema.json"),
    CUSTOMER_TIER_CHANGED("customer.tier-changed", "customer", "tier-change.schema.json"),
    CASE_OPENED("case.opened", "service", "case.schema.json"),
    CASE_ESCALATED("case.escalated", "service", "case.schema.json"),
    CASE_CLOSED("case.closed", "service", "case.schema.json"),
    CASE_FOLLOW_UP_DUE("case.follow-up-due", "service", "case.schema.json"),
    NOTIFICATION_REQUESTED("notification.requested", "service", "notification.schema.json"),
    NOTIFICATION_FAILED("notification.failed", "service", "notification.schema.json"),
    NOTIFICATION_WITHDRAWN("notification.withdrawn", "service", "notification.schema.json");

    private final String type;
    private final String family;
    private final String schema;

    EventType(String type, String family, String schema) {
        this.type = type;
        this.family = family;
        this.schema = schema;
    }

    public String type() {
        return type;
    }

    public String family() {
        return family;
    }

    public String schema() {
        return schema;
    }

    /** An event whose data is a whole canonical order. */
    public boolean isOrder() {
        return schema.equals("order.schema.json");
    }

    public static Optional<EventType> of(String type) {
        return Arrays.stream(values()).filter(t -> t.type.equals(type)).findFirst();
    }
}
