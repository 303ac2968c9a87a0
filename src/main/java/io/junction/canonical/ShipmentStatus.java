package io.junction.canonical;

/**
 * Where a shipment is, in the hub's vocabulary. Every carrier's, tracking service's and warehouse's own codes are
 * normalized to these through mappings/scm/status-map.csv.
 */
public enum ShipmentStatus {
    LABEL_CREATED,
    PICKED_UP,
    IN_TRANSIT,
    OUT_FOR_DELIVERY,
    DELIVERED,
    EXCEPTION,
    RETURNED_TO_SENDER;

    /** Still on its way: the delay rules and the tracking poll concern only open shipments. */
    public boolean isOpen() {
        return this != DELIVERED && this != RETURNED_TO_SENDER;
    }
}
