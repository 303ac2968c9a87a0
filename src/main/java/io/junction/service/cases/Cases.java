package io.junction.service.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.canonical.FieldError;
import io.junction.platform.failure.ProblemException;
import io.junction.service.cases.ServiceCase.Status;
import io.junction.view.customer.CustomerDocumentPart;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The case API (/api/cases) and the customer view's {@code cases}: list open cases, most urgent first; get one with its
 * timeline; assign, resolve, close (OPEN → ASSIGNED → RESOLVED → CLOSED; a case can be reassigned, and resolved
 * unassigned); complaints are logged and followed up through {@link Complaints}.
 * Every change goes to the CRM as a task update, in the same transaction.
 */
@Component
public class Cases implements CustomerDocumentPart {

    private final CaseStore cases;
    private final ServiceDesk desk;
    private final Complaints complaints;
    private final CaseTimeline timeline;
    private final ObjectMapper json;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public Cases(
            CaseStore cases,
            ServiceDesk desk,
            Complaints complaints,
            CaseTimeline timeline,
            ObjectMapper json,
            TransactionTemplate transaction,
            Clock clock) {
        this.cases = cases;
        this.desk = desk;
        this.complaints = complaints;
        this.timeline = timeline;
        this.json = json;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** GET /api/cases?status=OPEN,ASSIGNED (the default: the open ones)&customerId=…&limit=100 */
    public String list(
            @Header("status") String status, @Header("customerId") String customerId, @Header("limit") Integer limit)
            throws Exception {
        List<Status> statuses;
        try {
            statuses = status == null || status.isBlank()
                    ? List.of(Status.OPEN, Status.ASSIGNED)
                    : Arrays.stream(status.split(","))
                            .map(s -> Status.valueOf(s.trim().toUpperCase()))
                            .toList();
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(
                    "unknown case status in '" + status + "'",
                    new FieldError("status", "one or more of " + Arrays.toString(Status.values())));
        }
        int max = limit == null ? 100 : Math.max(1, Math.min(limit, 1000));
        return json.writeValueAsString(cases.list(statuses, customerId, max));
    }

    public String get(@Header("id") String id) throws Exception {
        return show(find(id));
    }

    /** POST /api/cases/{id}/assign {"assignee": "…"}: OPEN or ASSIGNED → ASSIGNED. */
    public String assign(@Header("id") String id, String body) throws Exception {
        String assignee = text(body, "assignee", true);
        return move(id, List.of(Status.OPEN, Status.ASSIGNED), Status.ASSIGNED, assignee, null);
    }

    /** POST /api/cases/{id}/resolve {"resolution": "…"}: OPEN or ASSIGNED → RESOLVED; a complaint's follow-up falls due. */
    public String resolve(@Header("id") String id, String body) throws Exception {
        String resolution = text(body, "resolution", false);
        if (ServiceCase.COMPLAINT.equals(find(id).type())) {
            return show(transaction.execute(tx -> complaints.resolve(find(id), resolution)));
        }
        return move(id, List.of(Status.OPEN, Status.ASSIGNED), Status.RESOLVED, null, resolution);
    }

    /** POST /api/cases/{id}/close: RESOLVED → CLOSED; a complaint closes with its follow-up instead. */
    public String close(@Header("id") String id) throws Exception {
        if (ServiceCase.COMPLAINT.equals(find(id).type())) {
            throw new ProblemException(
                    409,
                    "Conflict",
                    "case " + id + " is a complaint: it closes with its follow-up, POST /api/cases/" + id
                            + "/follow-up");
        }
        return move(id, List.of(Status.RESOLVED), Status.CLOSED, null, null);
    }

    /** POST /api/cases/{id}/follow-up {"outcome": "SATISFIED|UNSATISFIED|UNREACHABLE", "note": "…"}: a resolved complaint's follow-up. */
    public String followUp(@Header("id") String id, byte[] body) throws Exception {
        return show(complaints.followUp(id, body));
    }

    /** A case with its timeline, as GET /api/cases/{id} answers. */
    public String show(ServiceCase c) throws Exception {
        ObjectNode shown = json.valueToTree(c);
        shown.set("timeline", json.valueToTree(timeline.of(c.id())));
        return json.writeValueAsString(shown);
    }

    @Override
    public void addTo(String customerId, ObjectNode document) {
        ArrayNode list = document.putArray("cases");
        cases.ofCustomer(customerId).forEach(c -> list.add(json.valueToTree(c)));
    }

    private String move(String id, List<Status> from, Status to, String assignee, String resolution) throws Exception {
        ServiceCase moved = transaction.execute(tx -> {
            OffsetDateTime now = OffsetDateTime.now(clock);
            if (!cases.move(id, from, to, assignee, resolution, now)) {
                ServiceCase current = find(id);
                throw new ProblemException(
                        409,
                        "Conflict",
                        "case " + id + " is " + current.status() + ": it cannot become " + to + " (only from " + from
                                + ")");
            }
            ServiceCase c = cases.find(id).orElseThrow();
            desk.announce(c, null, now);
            return c;
        });
        return show(moved);
    }

    private ServiceCase find(String id) {
        return cases.find(id).orElseThrow(() -> ProblemException.notFound("no case " + id));
    }

    private String text(String body, String field, boolean required) throws Exception {
        JsonNode request = body == null || body.isBlank() ? json.createObjectNode() : json.readTree(body);
        JsonNode value = request.path(field);
        if (required && (!value.isTextual() || value.asText().isBlank())) {
            throw ProblemException.badRequest(
                    "say who takes the case", new FieldError("$." + field, "required, a non-empty string"));
        }
        return value.isTextual() ? value.asText() : null;
    }
}
