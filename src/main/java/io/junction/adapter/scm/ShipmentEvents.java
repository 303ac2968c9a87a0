package io.junction.adapter.scm;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.CloudEvent;
import io.junction.canonical.EventType;
import io.junction.canonical.Shipment;
import io.junction.platform.bus.EventOutbox;
import io.junction.platform.bus.OutgoingEvent;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The shipment events the SCM adapter owes the bus, written to the shared event outbox. Event ids derive from what the
 * event is about, so an event is written once however often its cause repeats (shipment.delivered once per shipment
 * and order); one shipment's events share a message group.
 */
@Component
public class ShipmentEvents {

    static final String SOURCE = "/scm";

    private final EventOutbox outbox;
    private final ObjectMapper json;

    public ShipmentEvents(EventOutbox outbox, ObjectMapper json) {
        this.outbox = outbox;
        this.json = json;
    }

    /** Writes the event unless an event with its id was written before; the event to publish, if new. */
    public Optional<OutgoingEvent> add(
            String causeId, EventType type, String key, Shipment shipment, OffsetDateTime now) {
        String eventId = UUID.nameUUIDFromBytes(
                        ("shipment/" + shipment.shipmentId() + "/" + key).getBytes(StandardCharsets.UTF_8))
                .toString();
        CloudEvent event = CloudEvent.of(
                eventId, SOURCE, type, "shipment/" + shipment.shipmentId(), now, json.valueToTree(shipment));
        return outbox.add(causeId, event, "shipment:" + shipment.shipmentId());
    }
}
