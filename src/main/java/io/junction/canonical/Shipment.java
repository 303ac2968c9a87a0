package io.junction.canonical;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A shipment as the hub knows it, merged from every report about it (carriers, tracking services, warehouses, the
 * ERP): the data of {@code shipment.updated|delayed|exception|delivered}. Schema: shipment.schema.json.
 */
public record Shipment(
        String shipmentId,
        String shipmentRef,
        String carrier,
        String trackingNumber,
        String orderRef,
        OrderRef order,
        ShipmentStatus status,
        LocalDate promisedDate,
        LocalDate estimatedDelivery,
        OffsetDateTime deliveredAt,
        OffsetDateTime lastCheckpointAt,
        List<String> unknownCodes,
        List<Line> lines,
        List<Checkpoint> checkpoints,
        List<Delay> delays,
        Delay delay,
        OffsetDateTime updatedAt) {

    /** The canonical order a shipment is linked to. */
    public record OrderRef(String sourceSystem, String sourceOrderId, String orderNumber) {}

    /** What an advance ship notice says is in the box. */
    public record Line(String sku, int quantity) {}

    /** Why a shipment is late; each cause is raised once per shipment. */
    public enum DelayCause {
        ESTIMATE_AFTER_PROMISED,
        SILENCE,
        EXCEPTION
    }

    public record Delay(DelayCause cause, String detail, OffsetDateTime raisedAt) {}

    public Shipment withDelay(Delay raised) {
        return new Shipment(
                shipmentId,
                shipmentRef,
                carrier,
                trackingNumber,
                orderRef,
                order,
                status,
                promisedDate,
                estimatedDelivery,
                deliveredAt,
                lastCheckpointAt,
                unknownCodes,
                lines,
                checkpoints,
                delays,
                raised,
                updatedAt);
    }
}
