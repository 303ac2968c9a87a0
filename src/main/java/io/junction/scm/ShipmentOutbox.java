package io.junction.scm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.bus.EventHeaders;
import io.junction.canonical.CloudEvent;
import io.junction.canonical.EventType;
import io.junction.canonical.Shipment;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The shipment events the SCM adapter owes the bus. Each is written in the same transaction as the change it
 * announces, then published, then marked published. Event ids derive from what the event is about, so an event is
 * written once however often its cause repeats (shipment.delivered once per shipment and order), and one published
 * twice after a crash is absorbed by broker duplicate detection and the idempotent consumers.
 */
@Component
public class ShipmentOutbox {

    static final String SOURCE = "/scm";

    /** One event ready for the bus. */
    public record Outgoing(String eventId, String group, String json) {
    }

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public ShipmentOutbox(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Writes the event unless an event with its id was written before; the event to publish, if new. */
    public Optional<Outgoing> add(String causeId, EventType type, String key, Shipment shipment, OffsetDateTime now) {
        String eventId = UUID.nameUUIDFromBytes(("shipment/" + shipment.shipmentId() + "/" + key).getBytes(StandardCharsets.UTF_8)).toString();
        Integer known = jdbc.queryForObject("select count(*) from shipment_outbox where event_id = ?", Integer.class, eventId);
        if (known != null && known > 0) {
            return Optional.empty();
        }
        String group = "shipment:" + shipment.shipmentId();
        String body;
        try {
            body = json.writeValueAsString(CloudEvent.of(eventId, SOURCE, type, "shipment/" + shipment.shipmentId(), now, json.valueToTree(shipment)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        jdbc.update("insert into shipment_outbox (event_id, cause_id, group_key, body, created_at) values (?, ?, ?, ?, ?)",
                eventId, causeId, group, body, now);
        return Optional.of(new Outgoing(eventId, group, body));
    }

    /** The events a cause wrote that are not on the bus yet: what a repeated cause must still publish. */
    public List<Outgoing> unpublished(String causeId) {
        return jdbc.query("select event_id, group_key, body from shipment_outbox where cause_id = ? and published_at is null order by created_at, event_id",
                (rs, n) -> new Outgoing(rs.getString(1), rs.getString(2), rs.getString(3)), causeId);
    }

    /** Events written a while ago and still not published (their publisher crashed): the sweep publishes them. */
    public List<Outgoing> overdue(Duration age) {
        return jdbc.query("select event_id, group_key, body from shipment_outbox where published_at is null and created_at < ? "
                        + "order by created_at, event_id fetch first 500 rows only",
                (rs, n) -> new Outgoing(rs.getString(1), rs.getString(2), rs.getString(3)), OffsetDateTime.now(ZoneOffset.UTC).minus(age));
    }

    /** Puts one outgoing event on the exchange: its JSON as the body, its bus headers. */
    public void prepare(Exchange exchange) throws JsonProcessingException {
        Outgoing outgoing = exchange.getMessage().getBody(Outgoing.class);
        EventHeaders.stamp(exchange.getMessage(), json.readValue(outgoing.json(), CloudEvent.class), outgoing.group());
        exchange.getMessage().setBody(outgoing.json());
    }

    /** Marks the event just sent as published. */
    public void published(Exchange exchange) {
        jdbc.update("update shipment_outbox set published_at = ? where event_id = ?", OffsetDateTime.now(ZoneOffset.UTC),
                exchange.getMessage().getHeader(EventHeaders.EVENT_ID, String.class));
    }
}
