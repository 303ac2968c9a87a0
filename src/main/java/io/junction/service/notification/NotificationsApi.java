package io.junction.service.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.FieldError;
import io.junction.platform.failure.ProblemException;
import io.junction.service.notification.DeliveryLog.Status;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * /api/notifications: the sent-log (what became of each notification, newest first) and the operators' blacklist of
 * addresses and domains.
 */
@Component
public class NotificationsApi {

    private final DeliveryLog deliveries;
    private final Blacklist blacklist;
    private final ObjectMapper json;

    public NotificationsApi(DeliveryLog deliveries, Blacklist blacklist, ObjectMapper json) {
        this.deliveries = deliveries;
        this.blacklist = blacklist;
        this.json = json;
    }

    /** GET /api/notifications?customerId=…&status=SENT,SUPPRESSED&limit=100 */
    public String list(
            @Header("customerId") String customerId, @Header("status") String status, @Header("limit") Integer limit)
            throws Exception {
        List<Status> statuses;
        try {
            statuses = status == null || status.isBlank()
                    ? List.of()
                    : Arrays.stream(status.split(","))
                            .map(s -> Status.valueOf(s.trim().toUpperCase()))
                            .toList();
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(
                    "unknown notification status in '" + status + "'",
                    new FieldError("status", "one or more of " + Arrays.toString(Status.values())));
        }
        return json.writeValueAsString(
                deliveries.list(customerId, statuses, limit == null ? 100 : Math.max(1, Math.min(limit, 1000))));
    }

    /** GET /api/notifications/blacklist */
    public String blacklistEntries() throws Exception {
        return json.writeValueAsString(blacklist.list());
    }

    /** POST /api/notifications/blacklist {"entry": "someone@example.com" or "example.com", "reason": "…"} */
    public String addToBlacklist(String body) throws Exception {
        JsonNode request = body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
        String entry = request.path("entry").asText("").trim();
        if (entry.isEmpty()
                || entry.length() > 320
                || entry.contains(" ")
                || entry.startsWith("@")
                || entry.endsWith("@")) {
            throw ProblemException.badRequest(
                    "say which address or domain to blacklist",
                    new FieldError(
                            "$.entry",
                            "required: an address (someone@example.com) or a domain (example.com), at most 320 characters"));
        }
        String reason =
                request.path("reason").isTextual() ? request.path("reason").asText() : null;
        if (reason != null && reason.length() > 300) {
            throw ProblemException.badRequest(
                    "the reason is too long", new FieldError("$.reason", "at most 300 characters"));
        }
        boolean added = blacklist.add(entry, reason);
        return json.writeValueAsString(Map.of("entry", Blacklist.normalize(entry), "added", added));
    }

    /** DELETE /api/notifications/blacklist/{entry} */
    public String removeFromBlacklist(@Header("entry") String entry) throws Exception {
        if (!blacklist.remove(entry)) {
            throw ProblemException.notFound(
                    "no blacklist entry " + entry + " (entries from the configuration cannot be removed here)");
        }
        return json.writeValueAsString(Map.of("entry", Blacklist.normalize(entry), "removed", true));
    }
}
