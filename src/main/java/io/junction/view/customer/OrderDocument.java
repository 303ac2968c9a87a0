package io.junction.view.customer;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.canonical.OrderLine;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

/** An order as the customer view shows it, with every status it was reported in and its shipments. */
public record OrderDocument(
        String id,
        String sourceSystem,
        String sourceOrderId,
        String orderNumber,
        String status,
        String paymentStatus,
        String currency,
        BigDecimal subtotal,
        BigDecimal tax,
        BigDecimal shipping,
        BigDecimal total,
        OffsetDateTime placedAt,
        OffsetDateTime updatedAt,
        List<OrderLine> lines,
        List<StatusChange> statusHistory,
        List<JsonNode> shipments) {

    /** One reported status: applied, or recorded only (stale, or a step backwards). */
    public record StatusChange(
            String status,
            String previousStatus,
            boolean applied,
            String note,
            String eventId,
            OffsetDateTime sourceTime,
            OffsetDateTime recordedAt) {}
}
