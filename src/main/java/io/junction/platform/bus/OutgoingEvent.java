package io.junction.platform.bus;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.CloudEvent;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * One canonical event ready for the bus: the event (for its bus headers), its JSON (the body as written, or as the
 * outbox stored it) and its message group. Every route that publishes a list of them splits it and calls
 * {@link #prepare} before the send.
 */
public record OutgoingEvent(CloudEvent event, String json, String group) {

    /** The event written as JSON once, here. */
    public static OutgoingEvent of(CloudEvent event, String group, ObjectMapper json) {
        try {
            return new OutgoingEvent(event, json.writeValueAsString(event), group);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Puts the outgoing event in the exchange's body on the exchange: its JSON as the body, its bus headers. */
    public static void prepare(Exchange exchange) {
        Message message = exchange.getMessage();
        OutgoingEvent outgoing = message.getBody(OutgoingEvent.class);
        EventHeaders.stamp(message, outgoing.event(), outgoing.group());
        message.setBody(outgoing.json());
    }
}
