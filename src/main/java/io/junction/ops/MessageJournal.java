package io.junction.ops;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.platform.bus.EventHeaders;
import io.junction.webhook.InboundJournal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Route;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The message journal: every inbound message with its outcome, and the trail of the events it became. An inbound
 * route journals a message with one step, {@code bean: {ref: messageJournal, method: "receive(*, source, type, id)"}}
 * as early as possible; what the route publishes, dead-letters and answers is filled in by {@link JournalNotifier} and
 * recorded when the exchange completes, and written with others shortly after ({@link JournalRows}). Payloads go to
 * the database only, never to the log.
 */
@Component("messageJournal")
public class MessageJournal implements InboundJournal {

    static final String PROPERTY = "JunctionJournal";
    static final String TRAIL_INSERT =
            "insert into message_trail (event_id, recorded_at, step, outcome, detail, actor) values (?, ?, ?, ?, ?, ?)";
    static final String ENTRY_INSERT =
            "insert into message_journal (received_at, source, message_type, message_id, correlation_id, event_ids, "
                    + "event_type, entity, outcome, detail, size_bytes, payload, replay_uri, replay_headers, replay_of) "
                    + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** Set on a replayed exchange: the journal entry it replays. */
    static final String REPLAY_OF = "JunctionReplayOf";

    private static final Logger log = LoggerFactory.getLogger(MessageJournal.class);

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final OpsProperties properties;
    private final JournalRows rows;
    private final Clock clock;

    public MessageJournal(
            JdbcTemplate jdbc, ObjectMapper json, OpsProperties properties, JournalRows rows, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
        this.rows = rows;
        this.clock = clock;
    }

    /** An inbound message as the route learns about it; recorded once, when its exchange completes. */
    static final class Inbound {
        final OffsetDateTime receivedAt;
        final String source;
        final String routeId;
        final String type;
        final String messageId;
        final String correlationId;
        final String payload;
        final int size;
        final String replayUri;
        final String replayHeaders;
        final Long replayOf;
        final List<String> eventIds = new ArrayList<>();
        String eventType;
        String entity;
        String deadLetterReason;
        /** A synchronization may run more than once (a ProducerTemplate's exchange completes twice); the entry is written once. */
        final AtomicBoolean recorded = new AtomicBoolean();

        Inbound(
                OffsetDateTime receivedAt,
                String source,
                String routeId,
                String type,
                String messageId,
                String correlationId,
                String payload,
                int size,
                String replayUri,
                String replayHeaders,
                Long replayOf) {
            this.receivedAt = receivedAt;
            this.source = source;
            this.routeId = routeId;
            this.type = type;
            this.messageId = messageId;
            this.correlationId = correlationId;
            this.payload = payload;
            this.size = size;
            this.replayUri = replayUri;
            this.replayHeaders = replayHeaders;
            this.replayOf = replayOf;
        }
    }

    /**
     * Journals the exchange's message as received by {@code source}. A raw body (bytes or text) arriving at a direct
     * endpoint can be replayed later through the same route, with the request headers it needs (Content-Type, the
     * path's {@code source}, and the {@code X-} headers: topic, delivery id, signature).
     */
    @Override
    public void receive(Exchange exchange, String source, String type, String messageId) {
        Message in = exchange.getMessage();
        Object body = in.getBody();
        String payload;
        int size;
        boolean raw = body == null || body instanceof byte[] || body instanceof String || body instanceof InputStream;
        if (raw) {
            byte[] bytes = in.getBody(byte[].class);
            bytes = bytes == null ? new byte[0] : bytes;
            in.setBody(bytes);
            payload = new String(bytes, StandardCharsets.UTF_8);
            size = bytes.length;
        } else {
            payload = write(body);
            size = payload.getBytes(StandardCharsets.UTF_8).length;
        }
        Route route = exchange.getUnitOfWork() == null
                ? null
                : exchange.getUnitOfWork().getRoute();
        String from = route == null ? null : route.getEndpoint().getEndpointUri();
        boolean replayable = raw && from != null && from.startsWith("direct:");
        String correlationId = exchange.getProperty(EventHeaders.CORRELATION_ID, String.class);
        // without an id of its own, a message is known by its correlation id (a delivery-id header), if any
        Inbound inbound = new Inbound(
                now(),
                source,
                route == null ? null : route.getRouteId(),
                type,
                messageId != null ? messageId : correlationId,
                correlationId,
                payload,
                size,
                replayable ? from : null,
                replayable ? write(replayHeaders(in)) : null,
                exchange.getProperty(REPLAY_OF, Long.class));
        exchange.setProperty(PROPERTY, inbound);
        // the entry's own line comes when it is recorded, with the outcome: one INFO line per inbound message
        log.debug("journal: received {} {} {} ({} bytes)", source, type, messageId, inbound.size);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                record(inbound, done);
            }
        });
    }

    /** The exchange published an event on the bus (its body is the CloudEvent). */
    void published(Exchange exchange) {
        Inbound inbound = exchange.getProperty(PROPERTY, Inbound.class);
        Message message = exchange.getMessage();
        String eventId = message.getHeader(EventHeaders.EVENT_ID, String.class);
        if (inbound == null || eventId == null) {
            return;
        }
        inbound.eventIds.add(eventId);
        if (inbound.eventType == null) {
            inbound.eventType = message.getHeader(EventHeaders.EVENT_TYPE, String.class);
            inbound.entity = subjectOf(message.getBody(String.class));
        }
    }

    /** The exchange sent its message to a dead-letter queue. */
    void deadLettered(Exchange exchange) {
        Inbound inbound = exchange.getProperty(PROPERTY, Inbound.class);
        if (inbound != null) {
            inbound.deadLetterReason = exchange.getMessage().getHeader(EventHeaders.DEAD_LETTER_REASON, String.class);
        }
    }

    private void record(Inbound inbound, Exchange exchange) {
        if (!inbound.recorded.compareAndSet(false, true)) {
            return;
        }
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String outcome;
        String detail = null;
        if (inbound.deadLetterReason != null) {
            outcome = "dead-lettered";
            detail = inbound.deadLetterReason;
        } else if (exchange.isFailed()) {
            outcome = "failed";
            detail = String.valueOf(exchange.getException());
        } else if (status != null && status >= 300) {
            outcome = "refused";
            detail = status + " " + problemDetail(exchange.getMessage().getBody(String.class));
        } else if (status != null) {
            outcome = "accepted";
        } else {
            outcome = inbound.eventIds.isEmpty() ? "received" : "published";
        }
        // written with others within junction.ops.journal-flush-ms, after the answer (JournalRows)
        rows.add(
                ENTRY_INSERT,
                inbound.receivedAt,
                inbound.source,
                cut(inbound.type, 100),
                cut(inbound.messageId, 200),
                cut(inbound.correlationId, 200),
                inbound.eventIds.isEmpty() ? null : String.join(",", inbound.eventIds),
                inbound.eventType,
                cut(inbound.entity, 300),
                outcome,
                cut(detail, 2000),
                inbound.size,
                inbound.payload,
                inbound.replayUri,
                inbound.replayHeaders,
                inbound.replayOf);
        // completion may run on another thread than the route, after its MDC is gone: the line still names the message
        try (MDC.MDCCloseable correlation = MDC.putCloseable(Correlation.MDC_KEY, inbound.correlationId);
                MDC.MDCCloseable route = MDC.putCloseable("camel.routeId", inbound.routeId)) {
            log.info(
                    "journal: {} {} {} -> {}{}{}",
                    inbound.source,
                    inbound.type,
                    inbound.messageId,
                    outcome,
                    inbound.eventIds.isEmpty() ? "" : " as " + inbound.eventType + " " + inbound.eventIds,
                    detail == null ? "" : ": " + PersonalData.mask(detail));
        }
    }

    /** One step of an event's way through the hub: a consumer's outcome, or an operator's action. */
    public void trail(String eventId, String step, String outcome, String detail, String actor) {
        if (eventId == null) {
            return;
        }
        jdbc.update(TRAIL_INSERT, cut(eventId, 64), now(), cut(step, 100), outcome, cut(detail, 2000), actor);
        log.info(
                "trail: event {} at {} -> {}{}",
                eventId,
                step,
                outcome,
                detail == null ? "" : ": " + PersonalData.mask(detail));
    }

    /**
     * A consumer processed an event: the everyday step, one per consumer and event, so it is written with others in a
     * batch within {@code junction.ops.journal-flush-ms} (JournalRows). Its log line stays: it is the consumer's line
     * with the message's correlation id.
     */
    public void processed(String eventId, String step) {
        if (eventId == null) {
            return;
        }
        rows.add(TRAIL_INSERT, cut(eventId, 64), now(), cut(step, 100), "processed", null, null);
        log.info("trail: event {} at {} -> processed", eventId, step);
    }

    /** Drops payloads (and the headers kept to replay them) older than the retention; the entries stay. */
    @Scheduled(fixedDelayString = "${junction.ops.payload-purge-ms:3600000}", initialDelay = 60_000)
    public int purgePayloads() {
        int purged = jdbc.update(
                "update message_journal set payload = null, replay_headers = null, replay_uri = null "
                        + "where received_at < ? and payload is not null",
                now().minus(properties.payloadRetention()));
        if (purged > 0) {
            log.info("journal: purged the payloads of {} entries older than {}", purged, properties.payloadRetention());
        }
        return purged;
    }

    /** Journal entries matching the query, newest first, each with the trail of its events. */
    public List<Map<String, Object>> find(JournalQuery query) {
        List<Object> args = new ArrayList<>();
        String where = query.where(args);
        List<Map<String, Object>> entries = jdbc.queryForList(
                "select id, received_at, source, message_type, message_id, "
                        + "correlation_id, event_ids, event_type, entity, outcome, detail, size_bytes, replay_of"
                        + (query.withPayload() ? ", payload" : "")
                        + ", case when replay_uri is null then false else true end as replayable "
                        + "from message_journal" + where + " order by received_at desc, id desc fetch first "
                        + query.limit() + " rows only",
                args.toArray());
        List<Map<String, Object>> result = new ArrayList<>();
        for (Map<String, Object> row : entries) {
            Map<String, Object> entry = new LinkedHashMap<>();
            row.forEach((k, v) -> entry.put(camelCase(k), v));
            String ids = (String) row.get("event_ids");
            entry.put("eventIds", ids == null ? List.of() : List.of(ids.split(",")));
            entry.put("trail", ids == null ? List.of() : trailOf(List.of(ids.split(","))));
            result.add(entry);
        }
        return result;
    }

    List<Map<String, Object>> trailOf(List<String> eventIds) {
        String marks = String.join(",", eventIds.stream().map(id -> "?").toList());
        List<Map<String, Object>> rows = jdbc.queryForList(
                "select event_id, recorded_at, step, outcome, detail, actor from message_trail " + "where event_id in ("
                        + marks + ") order by recorded_at, id",
                eventIds.toArray());
        List<Map<String, Object>> trail = new ArrayList<>();
        rows.forEach(row -> {
            Map<String, Object> step = new LinkedHashMap<>();
            row.forEach((k, v) -> step.put(camelCase(k), v));
            trail.add(step);
        });
        return trail;
    }

    /** A journaled message that can be replayed: its payload, the route it came in by, and its request headers. */
    record Replayable(long id, String correlationId, String payload, String uri, Map<String, Object> headers) {}

    List<Replayable> replayable(JournalQuery query) {
        List<Object> args = new ArrayList<>();
        String where = query.where(args);
        where = (where.isEmpty() ? " where " : where + " and ")
                + "replay_uri is not null and payload is not null and replay_of is null";
        return jdbc.query(
                "select id, correlation_id, payload, replay_uri, replay_headers from message_journal" + where
                        + " order by received_at, id fetch first " + query.limit() + " rows only",
                (rs, n) -> new Replayable(
                        rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), read(rs.getString(5))),
                args.toArray());
    }

    private static Map<String, Object> replayHeaders(Message in) {
        Map<String, Object> headers = new LinkedHashMap<>();
        in.getHeaders().forEach((name, value) -> {
            String lower = name.toLowerCase();
            if (value != null
                    && (lower.equals("content-type")
                            || lower.equals("source")
                            || (lower.startsWith("x-") && !lower.startsWith("x-forwarded")))) {
                headers.put(name, value.toString());
            }
        });
        return headers;
    }

    /**
     * The CloudEvent's subject, read as a stream up to that field: a CloudEvent names its subject before its data, so
     * the data (most of the event) is not parsed again for one string on every published event.
     */
    private String subjectOf(String cloudEvent) {
        if (cloudEvent == null) {
            return null;
        }
        try (JsonParser parser = json.getFactory().createParser(cloudEvent)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("subject")) {
                    return value == JsonToken.VALUE_STRING ? parser.getText() : null;
                }
                parser.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }

    private String problemDetail(String body) {
        try {
            JsonNode problem = json.readTree(body);
            return problem.path("detail").asText("")
                    + (problem.path("errors").isEmpty() ? "" : " " + problem.path("errors"));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return "";
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> read(String headers) {
        try {
            return headers == null ? Map.of() : json.readValue(headers, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String camelCase(String column) {
        StringBuilder name = new StringBuilder();
        boolean upper = false;
        for (char c : column.toLowerCase().toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
