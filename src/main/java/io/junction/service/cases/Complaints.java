package io.junction.service.cases;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.ContactNormalizer;
import io.junction.canonical.EventType;
import io.junction.canonical.FieldError;
import io.junction.platform.failure.ProblemException;
import io.junction.platform.security.CustomerReadAudit;
import io.junction.service.cases.ServiceCase.Status;
import io.junction.service.cases.ServiceRules.Level;
import io.junction.view.customer.CustomerStore;
import io.junction.view.customer.GoldenCustomer;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

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
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final Pattern IDEMPOTENCY_KEY_FORM = Pattern.compile("[\\x21-\\x7e]{1,255}");
    private static final Set<String> FIELDS =
            Set.of("customerId", "email", "orderRef", "category", "description", "channel");

    private final CaseStore cases;
    private final CustomerStore customers;
    private final ServiceDesk desk;
    private final ServiceRules rules;
    private final ObjectMapper json;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public Complaints(
            CaseStore cases,
            CustomerStore customers,
            ServiceDesk desk,
            ServiceRules rules,
            ObjectMapper json,
            TransactionTemplate transaction,
            Clock clock) {
        this.cases = cases;
        this.customers = customers;
        this.desk = desk;
        this.rules = rules;
        this.json = json;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** A complaint logged, or found again under its idempotency key: the HTTP status to answer, 201 or 200. */
    public record Logged(ServiceCase complaint, boolean created) {
        public int status() {
            return created ? 201 : 200;
        }
    }

    /**
     * POST /api/cases {customerId | email, orderRef?, category, description, channel}: the new complaint, OPEN and due
     * by the customer's service level. Every bad field is named in one 400; an unknown customer is a 404. With an
     * {@code Idempotency-Key} the caller's retry finds the complaint the key logged (not created again), and the key
     * with another request is a 422: a client that retries after a lost answer logs one case.
     */
    public Logged open(
            byte[] body,
            @Header(IDEMPOTENCY_KEY) String key,
            @ExchangeProperty(CustomerReadAudit.CALLER) String caller) {
        JsonNode request = object(body);
        String idempotencyKey = idempotencyKey(key);
        // per API client: two clients' keys never meet
        String client = caller == null ? "anonymous" : caller;
        String requestHash = hash(request);
        if (idempotencyKey != null) {
            Optional<Logged> earlier = earlier(client, idempotencyKey, requestHash);
            if (earlier.isPresent()) {
                return earlier.get();
            }
        }
        List<FieldError> errors = new ArrayList<>();
        request.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                errors.add(new FieldError(
                        "$." + name,
                        "unknown field; the fields are "
                                + FIELDS.stream().sorted().toList()));
            }
        });
        String customerId = text(request, "customerId", false, 36, errors);
        String email = text(request, "email", false, 320, errors);
        if ((customerId == null) == (email == null)) {
            errors.add(new FieldError(
                    "$.customerId|$.email", "exactly one of them: the hub customer id, or the customer's e-mail"));
        }
        String orderRef = text(request, "orderRef", false, 100, errors);
        String category = oneOf(request, "category", rules.complaints().categories(), errors);
        String channel = oneOf(request, "channel", CHANNELS, errors);
        String description = text(request, "description", true, 2000, errors);
        if (!errors.isEmpty()) {
            throw new ProblemException(
                    400,
                    "Bad request",
                    "not a complaint: "
                            + String.join(
                                    ", ", errors.stream().map(FieldError::field).toList()),
                    errors);
        }
        GoldenCustomer customer = (customerId != null
                        ? customers.byId(customerId)
                        : customers.byEmail(ContactNormalizer.email(email)))
                .orElseThrow(() -> ProblemException.notFound(
                        "no customer with " + (customerId != null ? "id " + customerId : "email " + email)));
        try {
            return transaction.execute(tx -> {
                OffsetDateTime now = OffsetDateTime.now(clock);
                ServiceTier tier = desk.tierOf(customer.id());
                Level level = rules.complaintLevel(tier);
                String title = "Complaint (" + category + ") by " + channel
                        + (orderRef == null ? "" : " about order " + orderRef);
                ServiceCase c = cases.openComplaint(
                        customer.id(),
                        orderRef == null ? "customer" : "order:" + orderRef,
                        title,
                        description,
                        tier,
                        level.priority(),
                        now.plus(level.dueIn()),
                        category,
                        channel,
                        orderRef,
                        now);
                if (idempotencyKey != null) {
                    cases.keep(c.id(), client, idempotencyKey, requestHash);
                }
                desk.announce(c, EventType.CASE_OPENED, "case.opened", "by " + channel, now);
                return new Logged(c, true);
            });
        } catch (DuplicateKeyException e) {
            if (idempotencyKey == null) {
                throw e;
            }
            // a concurrent request under the same key logged it first (this transaction, and its case, rolled back)
            return earlier(client, idempotencyKey, requestHash)
                    .orElseThrow(() -> new ProblemException(
                            409,
                            "Conflict",
                            "a request with this Idempotency-Key is in progress; retry it",
                            List.of(new FieldError(IDEMPOTENCY_KEY, "in use"))));
        }
    }

    /** The complaint this client's key logged, if any; the key with another request is refused. */
    private Optional<Logged> earlier(String client, String key, String requestHash) {
        return cases.byIdempotencyKey(client, key).map(keyed -> {
            if (!keyed.requestHash().equals(requestHash)) {
                throw new ProblemException(
                        422,
                        "Unprocessable content",
                        "this Idempotency-Key was used for another request: " + "a new complaint needs a new key",
                        List.of(new FieldError(IDEMPOTENCY_KEY, "used before with another body")));
            }
            return new Logged(cases.find(keyed.caseId()).orElseThrow(), false);
        });
    }

    /** The key as sent (quotes of the structured-field form dropped): 1 to 255 printable ASCII characters; null if none. */
    private static String idempotencyKey(String header) {
        if (header == null) {
            return null;
        }
        String key = header.trim();
        if (key.length() > 1 && key.startsWith("\"") && key.endsWith("\"")) {
            key = key.substring(1, key.length() - 1);
        }
        if (!IDEMPOTENCY_KEY_FORM.matcher(key).matches()) {
            throw ProblemException.badRequest(
                    "not an Idempotency-Key: " + key.length() + " characters",
                    new FieldError(IDEMPOTENCY_KEY, "1 to 255 printable ASCII characters, e.g. a UUID"));
        }
        return key;
    }

    /** The request as parsed, its fields in name order (so spacing, escapes and order do not count), hashed: SHA-256 in hex. */
    private String hash(JsonNode request) {
        Map<String, JsonNode> fields = new TreeMap<>();
        request.fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue()));
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(json.writeValueAsBytes(fields)));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash a complaint request", e);
        }
    }

    /** Resolves a complaint (in the caller's transaction): its follow-up falls due {@code follow-up-after} from now. */
    ServiceCase resolve(ServiceCase c, String resolution) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (!cases.resolveComplaint(
                c.id(), resolution, now.plus(rules.complaints().followUpAfter()), now)) {
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
                throw new ProblemException(
                        409, "Conflict", "case " + id + " is a " + c.type() + " case: only complaints are followed up");
            }
            OffsetDateTime now = OffsetDateTime.now(clock);
            boolean reopen = outcome.equals("UNSATISFIED");
            boolean moved = reopen
                    ? cases.reopen(id, now.plus(rules.complaintLevel(c.tier()).dueIn()), now)
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
        return new ProblemException(
                409,
                "Conflict",
                "case " + id + " is " + status + ": it cannot become " + to + " (only from " + from + ")");
    }

    /** The body as a JSON object; read from its bytes, so malformed UTF-8 is refused rather than replaced. */
    private JsonNode object(byte[] body) {
        JsonNode request;
        try {
            request = body == null || body.length == 0 ? null : json.readTree(body);
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException p ? p.getOriginalMessage() : e.getMessage();
            throw ProblemException.badRequest(
                    "body is not valid JSON: " + reason, new FieldError("$", "malformed JSON"));
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
