package io.junction.adapter.erp.erpnext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Frappe's error answers in readable terms. A validation error is HTTP 417 with {@code exc_type} and
 * {@code _server_messages}: a JSON string holding a list of JSON strings, each {@code {"message": "..."}} (with HTML
 * markup); other errors carry {@code exception} ("frappe.exceptions.X: reason") or {@code message}.
 */
final class FrappeErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FrappeErrors() {}

    static ErpNextException of(int status, JsonNode answer, String call) {
        String excType = answer.path("exc_type").asText(null);
        List<String> messages = serverMessages(answer.path("_server_messages").asText(""));
        String reason;
        if (!messages.isEmpty()) {
            reason = String.join("; ", messages);
        } else if (answer.hasNonNull("exception")) {
            String exception = answer.get("exception").asText();
            reason = exception.contains(": ") ? exception.substring(exception.indexOf(": ") + 2) : exception;
        } else if (answer.hasNonNull("message") && answer.get("message").isTextual()) {
            reason = answer.get("message").asText();
        } else {
            reason = "no reason given";
        }
        String what =
                switch (status) {
                    case 401, 403 ->
                        "ERPNext refused the API key and secret (HTTP " + status
                                + ", junction.erp.erpnext.api-key/api-secret)";
                    case 404 -> "ERPNext does not know it (HTTP 404)";
                    case 409 -> "ERPNext has it already (HTTP 409)";
                    default -> "ERPNext answered HTTP " + status;
                };
        return new ErpNextException(
                status,
                excType,
                what + " to " + call + ": " + strip(reason) + (excType == null ? "" : " (" + excType + ")"),
                null);
    }

    private static List<String> serverMessages(String text) {
        List<String> messages = new ArrayList<>();
        if (text.isBlank()) {
            return messages;
        }
        try {
            for (JsonNode entry : JSON.readTree(text)) {
                JsonNode message = entry.isTextual() ? JSON.readTree(entry.asText()) : entry;
                messages.add(message.path("message").asText(message.asText()));
            }
        } catch (IOException e) {
            messages.add(text);
        }
        return messages;
    }

    /** Frappe marks names up (<b>ITEM-1</b>, links): the reason is read in logs and dead-letter headers, so plain text. */
    private static String strip(String html) {
        return html.replaceAll("<[^>]+>", "").replace("&nbsp;", " ").trim();
    }
}
