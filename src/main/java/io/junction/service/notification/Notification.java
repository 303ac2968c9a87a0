package io.junction.service.notification;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.canonical.CloudEvent;
import java.util.HashMap;
import java.util.Map;

/** A {@code notification.requested} as the senders read it: the event id is the notification id. */
public record Notification(String id, JsonNode data) {

    public static Notification of(CloudEvent event) {
        return new Notification(event.id(), event.data());
    }

    public String customerId() {
        return text("customerId");
    }

    public String template() {
        return text("template");
    }

    public String channel() {
        return text("channel");
    }

    public boolean marketing() {
        return "marketing".equals(text("purpose"));
    }

    public String text(String field) {
        JsonNode value = data.path(field);
        return value.isNull() || value.isMissingNode() ? null : value.asText();
    }

    /**
     * What a template may say: the event's fields, {@code notificationId}, and the order or shipment id of the
     * reference ({@code order:<id>}, {@code shipment:<id>}) as {@code orderId} or {@code shipmentId}.
     */
    public Map<String, Object> facts() {
        Map<String, Object> facts = new HashMap<>();
        data.fields()
                .forEachRemaining(f -> facts.put(
                        f.getKey(), f.getValue().isNull() ? null : f.getValue().asText()));
        facts.put("notificationId", id);
        String reference = text("reference");
        if (reference != null && reference.indexOf(':') > 0) {
            facts.put(
                    reference.substring(0, reference.indexOf(':')) + "Id",
                    reference.substring(reference.indexOf(':') + 1));
        }
        return facts;
    }
}
