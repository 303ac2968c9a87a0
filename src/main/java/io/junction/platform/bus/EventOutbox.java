package io.junction.platform.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.CloudEvent;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The hub's transactional event outbox (table event_outbox): an event that announces a database change is written in
 * the same transaction as the change, then published, then marked published. A writer may publish its events at
 * once after its commit (the SCM adapter does); the outbox sweep (routes/outbox.camel.yaml, one instance by its lease route policy)
 * publishes whatever is still unpublished, so a crash between commit and send loses nothing. A second send of an
 * event (a crash after the send, or the sweep racing a writer) is absorbed by broker duplicate detection, keyed on the
 * event id, and by the idempotent consumers.
 */
@Component
public class EventOutbox {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    private final Clock clock;

    public EventOutbox(JdbcTemplate jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Writes the event, in the caller's transaction, unless an event with its id was written before (a cause that
     * repeats writes its events once); the event to publish, if new. {@code causeId} names what caused it, so a
     * repeated cause can find what it still owes ({@link #unpublished}); {@code group} is its message group.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<OutgoingEvent> add(String causeId, CloudEvent event, String group) {
        Integer known =
                jdbc.queryForObject("select count(*) from event_outbox where event_id = ?", Integer.class, event.id());
        if (known != null && known > 0) {
            return Optional.empty();
        }
        OutgoingEvent outgoing = OutgoingEvent.of(event, group, json);
        jdbc.update(
                "insert into event_outbox (event_id, cause_id, group_key, body, created_at) values (?, ?, ?, ?, ?)",
                event.id(),
                causeId,
                group,
                outgoing.json(),
                event.time());
        return Optional.of(outgoing);
    }

    /** The events a cause wrote that are not on the bus yet: what a repeated cause must still publish. */
    public List<OutgoingEvent> unpublished(String causeId) {
        return jdbc.query(
                "select group_key, body from event_outbox where cause_id = ? and published_at is null order by created_at, event_id",
                (rs, n) -> stored(rs.getString(1), rs.getString(2)),
                causeId);
    }

    /** The sweep: every event not on the bus yet, oldest first. */
    public List<OutgoingEvent> sweep() {
        return jdbc.query(
                "select group_key, body from event_outbox where published_at is null "
                        + "order by created_at, event_id fetch first 500 rows only",
                (rs, n) -> stored(rs.getString(1), rs.getString(2)));
    }

    /** A stored event as it is sent: the body exactly as stored, read back only for its bus headers. */
    private OutgoingEvent stored(String group, String body) {
        try {
            return new OutgoingEvent(json.readValue(body, CloudEvent.class), body, group);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("outbox row is not a CloudEvent", e);
        }
    }

    /** Marks the event just sent as published. */
    public void published(Exchange exchange) {
        jdbc.update(
                "update event_outbox set published_at = ? where event_id = ? and published_at is null",
                OffsetDateTime.now(clock),
                exchange.getMessage().getHeader(EventHeaders.EVENT_ID, String.class));
    }

    /** For tests and operators: how many events wait for the bus. */
    public int pending() {
        Integer n = jdbc.queryForObject("select count(*) from event_outbox where published_at is null", Integer.class);
        return n == null ? 0 : n;
    }
}
