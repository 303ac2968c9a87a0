package io.junction.adapter.scm;

import io.junction.canonical.Checkpoint;
import io.junction.canonical.Shipment;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

/**
 * What one source reports about one shipment, statuses already normalized: a carrier webhook, a 3PL file line, a
 * tracking poll answer or an advance ship notice. Schema: shipment-report.schema.json.
 */
public record ShipmentReport(
        String source,
        String shipmentRef,
        String carrier,
        String trackingNumber,
        String orderRef,
        LocalDate promisedDate,
        LocalDate estimatedDelivery,
        List<Shipment.Line> lines,
        List<Checkpoint> checkpoints) {

    public ShipmentReport {
        carrier = carrier == null ? null : carrier.trim().toLowerCase(Locale.ROOT);
        lines = lines == null ? List.of() : List.copyOf(lines);
        checkpoints = checkpoints == null ? List.of() : List.copyOf(checkpoints);
    }
}
