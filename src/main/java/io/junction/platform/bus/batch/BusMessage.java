package io.junction.platform.bus.batch;

import io.junction.platform.bus.EventHeaders;
import java.util.Map;

/** One bus message of a batch, as received: its JMS message id, its text (a CloudEvent) and its properties. */
public record BusMessage(String jmsMessageId, String text, Map<String, Object> properties) {

    public BusMessage {
        properties = Map.copyOf(properties);
    }

    public String eventId() {
        return (String) properties.get(EventHeaders.EVENT_ID);
    }

    public String correlationId() {
        Object id = properties.get(EventHeaders.CORRELATION_ID);
        return id != null ? id.toString() : eventId();
    }
}
