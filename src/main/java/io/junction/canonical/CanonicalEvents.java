package io.junction.canonical;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.springframework.stereotype.Component;

/** Reads canonical events off the bus, refusing anything that is not a valid CloudEvent of a known type. */
@Component
public class CanonicalEvents {

    private final ObjectMapper json;
    private final CanonicalValidator validator;

    public CanonicalEvents(ObjectMapper json, CanonicalValidator validator) {
        this.json = json;
        this.validator = validator;
    }

    public CloudEvent read(String text) {
        CloudEvent event;
        try {
            event = json.readValue(text, CloudEvent.class);
        } catch (JacksonException e) {
            throw unprocessable("not a CloudEvent JSON document: " + e.getOriginalMessage(), List.of());
        }
        if (event == null || event.id() == null || event.id().isBlank()) {
            throw unprocessable("CloudEvent without an id", List.of(new FieldError("$.id", "required")));
        }
        EventType type = EventType.of(event.type())
                .orElseThrow(() -> unprocessable(
                        "unknown event type '" + event.type() + "'",
                        List.of(new FieldError("$.type", "not a canonical event type"))));
        List<FieldError> errors = validator.validate(type, event.data());
        if (!errors.isEmpty()) {
            throw unprocessable("event " + event.id() + " carries invalid " + type.type() + " data", errors);
        }
        return event;
    }

    private static InvalidEventException unprocessable(String detail, List<FieldError> errors) {
        return new InvalidEventException(detail, errors);
    }
}
