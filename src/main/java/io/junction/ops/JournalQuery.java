package io.junction.ops;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which journal entries: by the order's source id ({@code order}, any system), the entity (CloudEvent subject), an
 * event id, the inbound message id (a webhook's delivery id), the correlation id (what follows a message through the
 * bus: a delivery id, a file and line, an ERP row), the source, and a time range; at most {@code limit}.
 */
public record JournalQuery(
        String order,
        String entity,
        String eventId,
        String messageId,
        String correlationId,
        String source,
        OffsetDateTime from,
        OffsetDateTime to,
        Integer limit,
        boolean withPayload) {

    static final int MAX = 1000;
    /** The query parameters of GET /api/ops/journal; any other is refused, never silently ignored. */
    static final Set<String> PARAMETERS = Set.of(
            "order", "entity", "eventId", "messageId", "correlationId", "source", "from", "to", "limit", "payload");

    public JournalQuery {
        limit = limit == null || limit < 1 ? 100 : Math.min(limit, MAX);
    }

    /** The SQL where clause (empty when nothing is asked for), its arguments added to {@code args}. */
    String where(List<Object> args) {
        List<String> clauses = new ArrayList<>();
        add(clauses, args, "entity like ?", order == null ? null : "order/%/" + order);
        add(clauses, args, "entity = ?", entity);
        add(clauses, args, "event_ids like ?", eventId == null ? null : "%" + eventId + "%");
        add(clauses, args, "message_id = ?", messageId);
        add(clauses, args, "correlation_id = ?", correlationId);
        add(clauses, args, "source = ?", source);
        add(clauses, args, "received_at >= ?", from);
        add(clauses, args, "received_at < ?", to);
        return clauses.isEmpty() ? "" : " where " + String.join(" and ", clauses);
    }

    private static void add(List<String> clauses, List<Object> args, String clause, Object value) {
        if (value != null && !(value instanceof String s && s.isBlank())) {
            clauses.add(clause);
            args.add(value);
        }
    }
}
