package io.junction.canonical;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;

/** The CloudEvents 1.0 structured-mode JSON envelope every canonical event travels in. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CloudEvent(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        OffsetDateTime time,
        String datacontenttype,
        JsonNode data) {

    public static CloudEvent of(
            String id, String source, EventType type, String subject, OffsetDateTime time, JsonNode data) {
        return new CloudEvent("1.0", id, source, type.type(), subject, time, "application/json", data);
    }

    public EventType eventType() {
        return EventType.of(type).orElseThrow(() -> new IllegalArgumentException("unknown event type " + type));
    }
}
