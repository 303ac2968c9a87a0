package io.junction.service.cases;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.ContactNormalizer;
import io.junction.canonical.EventType;
import io.junction.canonical.FieldError;
import io.junction.view.customer.CustomerStore;
import io.junction.view.customer.GoldenCustomer;
import io.junction.platform.failure.ProblemException;
import io.junction.service.cases.ServiceCase.Status;
import io.junction.service.cases.ServiceRules.Level;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Complaints (docs/service.md#complaints): logged through {@code POST /api/cases}, due by the customer's service level,
 * resolved like any case, then followed up: {@code follow-up-after} the resolution a {@code case.follow-up-due} asks
 * service staff to call the customer, and {@code POST /api/cases/{id}/follow-up} records the outcome: satisfied or
 * unreachable closes the complaint, unsatisfied opens it again, due anew.
 */
@Component
public class Complaints {

    /** The channels a complaint can come in by. */
    static final List<String> CHANNELS = List.of("PHONE", "EMAIL", "WEB", "CHAT", "SMS", "MAIL", "STORE");
    static final List<String> OUTCOMES = List.of("SATISFIED", "UNSATISFIED", "UNREACHABLE");
    private static final Set<String> FIELDS = Set.of("customerId", "email", "orderRef", "category", "description", "channel");

    private final CaseStore cases;
    private final CustomerStore customers;
    private final ServiceDesk desk;
    private final ServiceRules rules;
    private final ObjectMapper json;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public Complaints(CaseStore cases, CustomerStore customers, ServiceDesk desk, ServiceRules rules, ObjectMapper json,
                      TransactionTemplate transaction, Clock clock) {
        this.cases = cases;
        this.customers = customers;
        this.desk = desk;
        this.rules = rules;
        this.json = json;
        this.transaction = transaction;
        this.clock = clock;
    }

    /**
     * POST /api/cases {customerId | email, orderRef?, category, description, channel}: the new complaint, OPEN and due
     * by the customer's service level. Every bad field is named in one 400; an unknown customer is a 404.
     */
    public ServiceCase open(byte[] body) {
        JsonNode request = object(body);
        List<FieldError> errors = new ArrayList<>();
        request.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError("$." + name, "unknown field; the fields are " + FIELDS.stream().sorted().toList()));
            }
        });
        String customerId = text(request, "customerId", false, 36, errors);
        String email = text(request, "email", false, 320, errors);
        if ((customerId == null) == (email == null)) {
            errors.add(new FieldError("$.customerId|$.email", "exactly one of them: the hub customer id, or the customer's e-mail"));
        }
        String orderRef = text(request, "orderRef", false, 100, errors);
        String category = oneOf(request, "category", rules.complaints().categories(), errors);
        String channel = oneOf(request, "channel", CHANNELS, errors);
        String description = text(request, "description", true, 2000, errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "Bad request", "not a complaint: " + String.join(", ", errors.stream().map(FieldError::field).toList()),
                    errors);
        }
        GoldenCustomer customer = (customerId != null ? customers.byId(customerId) : customers.byEmail(ContactNormalizer.email(email)))
                .orElseThrow(() -> ProblemException.notFound("no customer with " + (customerId != null ? "id " + customerId : "email " + email)));
        return transaction.execute(tx -> {
            OffsetDateTime now = OffsetDateTime.now(clock);
            ServiceTier tier = desk.tierOf(customer.id());
            Level level = rules.complaintLevel(tier);
            String title = "Complaint (" + category + ") by " + channel + (orderRef == null ? "" : " about order " + orderRef);
            ServiceCase c = cases.openComplaint(customer.id(), orderRef == null ? "customer" : "order:" + orderRef, title, description, tier,
                    level.priority(), now.plus(level.dueIn()), category, channel, orderRef, now);
            desk.announce(c, EventType.CASE_OPENED, "case.opened", "by " + channel, now);
            return c;
        });
    }

    /** Resolves a complaint (in the caller's transaction): its follow-up falls due {@code follow-up-after} from now. */
    ServiceCase resolve(ServiceCase c, String resolution) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (!cases.resolveComplaint(c.id(), resolution, now.plus(rules.complaints().followUpAfter()), now)) {
            throw conflict(c.id(), "RESOLVED", "OPEN or ASSIGNED");
        }
        ServiceCase resolved = cases.find(c.id()).orElseThrow();
        desk.announce(resolved, null, "case.resolved", resolution, now);
        return resolved;
    }

    /**
     * POST /api/cases/{id}/follow-up {outcome: SATISFIED | UNSATISFIED | UNREACHABLE, note?}: a resolved complaint's
     * follow-up. Satisfied or unreachable closes it; unsatisfied opens it again, due by the service level anew.
     */
    public ServiceCase followUp(@Header("id") String id, byte[] body) {
        JsonNode request = object(body);
        List<FieldError> errors = new ArrayList<>();
        String outcome = oneOf(request, "outcome", OUTCOMES, errors);
        String note = text(request, "note", false, 2000, errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "Bad request", "not a follow-up: say its outcome", errors);
        }
        return transaction.execute(tx -> {
            ServiceCase c = cases.find(id).orElseThrow(() -> ProblemException.notFound("no case " + id));
            if (!ServiceCase.COMPLAINT.equals(c.type())) {
                throw new ProblemException(409, "Conflict", "case " + id + " is a " + c.type() + " case: only complaints are followed up");
            }
            OffsetDateTime now = OffsetDateTime.now(clock);
            boolean reopen = outcome.equals("UNSATISFIED");
            boolean moved = reopen ? cases.reopen(id, now.plus(rules.complaintLevel(c.tier()).dueIn()), now)
                    : cases.closeFollowedUp(id, outcome, now);
            if (!moved) {
                throw conflict(id, reopen ? "OPEN" : "CLOSED", "RESOLVED (a follow-up comes after the resolution)");
            }
            ServiceCase after = cases.find(id).orElseThrow();
            String text = outcome.toLowerCase() + (note == null ? "" : ": " + note);
            desk.announce(after, null, "case.followed-up", text, now);
            if (reopen) {
                desk.announce(after, null, "case.reopened", text, now);
            }
            return after;
        });
    }

    /** Announces every follow-up due by {@code now} once ({@code case.follow-up-due}); how many. */
    public int announceDueBy(OffsetDateTime now) {
        int announced = 0;
        for (String id : cases.followUpsDue(now)) {
            Boolean done = transaction.execute(tx -> {
                if (!cases.announceFollowUp(id, now)) {
                    return false;
                }
                desk.announce(cases.find(id).orElseThrow(), EventType.CASE_FOLLOW_UP_DUE, now);
                return true;
            });
            announced += Boolean.TRUE.equals(done) ? 1 : 0;
        }
        return announced;
    }

    /** The follow-up sweep: what is due now. */
    public int announceDue() {
        return announceDueBy(OffsetDateTime.now(clock));
    }

    private ProblemException conflict(String id, String to, String from) {
        Status status = cases.find(id).map(ServiceCase::status).orElseThrow();
        return new ProblemException(409, "Conflict", "case " + id + " is " + status + ": it cannot become " + to + " (only from " + from + ")");
    }

    /** The body as a JSON object; read from its bytes, so malformed UTF-8 is refused rather than replaced. */
    private JsonNode object(byte[] body) {
        JsonNode request;
        try {
            request = body == null || body.length == 0 ? null : json.readTree(body);
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
            throw ProblemException.badRequest("body is not valid JSON: " + reason, new FieldError("$", "malformed JSON"));
        }
        if (request == null || !request.isObject()) {
            throw ProblemException.badRequest("body must be a JSON object", new FieldError("$", "a JSON object"));
        }
        return request;
    }

    private static String text(JsonNode request, String field, boolean required, int max, List<FieldError> errors) {
        JsonNode value = request.path(field);
        if (value.isMissingNode() || value.isNull()) {
            if (required) {
                errors.add(new FieldError("$." + field, "required"));
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            errors.add(new FieldError("$." + field, "a non-empty string"));
            return null;
        }
        if (value.asText().length() > max) {
            errors.add(new FieldError("$." + field, "at most " + max + " characters"));
            return null;
        }
        return value.asText().trim();
    }

    private static String oneOf(JsonNode request, String field, List<String> allowed, List<FieldError> errors) {
        String value = text(request, field, true, 40, errors);
        if (value == null) {
            return null;
        }
        String upper = value.toUpperCase().replace('-', '_').replace(' ', '_');
        if (!allowed.contains(upper)) {
            errors.add(new FieldError("$." + field, "one of " + allowed));
            return null;
        }
        return upper;
    }
}
