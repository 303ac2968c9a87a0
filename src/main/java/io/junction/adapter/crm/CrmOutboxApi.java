package io.junction.adapter.crm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.FieldError;
import io.junction.platform.failure.ProblemException;
import java.util.Arrays;
import java.util.Locale;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/** The operators' view of the CRM outbox: rows by status (parked ones with their reason), and replaying a parked row. */
@Component
public class CrmOutboxApi {

    private final CrmOutbox outbox;
    private final ObjectMapper json;

    public CrmOutboxApi(CrmOutbox outbox, ObjectMapper json) {
        this.outbox = outbox;
        this.json = json;
    }

    public String list(@Header("status") String status, @Header("limit") Integer limit) throws JsonProcessingException {
        CrmOutbox.Status wanted = status == null ? CrmOutbox.Status.PARKED : parse(status);
        return json.writeValueAsString(outbox.list(wanted, limit == null || limit <= 0 ? 100 : Math.min(limit, 1000)));
    }

    public String replay(@Header("id") String id) throws JsonProcessingException {
        long entry;
        try {
            entry = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest(
                    "not an outbox entry id: " + id, new FieldError("id", "must be a number"));
        }
        outbox.replay(entry);
        return json.writeValueAsString(java.util.Map.of("id", entry, "status", "PENDING"));
    }

    private static CrmOutbox.Status parse(String status) {
        try {
            return CrmOutbox.Status.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(
                    "unknown status " + status,
                    new FieldError("status", "one of " + Arrays.toString(CrmOutbox.Status.values())));
        }
    }
}
