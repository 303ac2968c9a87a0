package io.junction.service.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.platform.failure.ProblemException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Complaints through the case API on the whole hub: logged with the SLA of the customer's tier, escalated when
 * overdue, resolved, followed up once due (case.follow-up-due, once), reopened when the customer is not satisfied and
 * closed when they are, every step on the timeline; a retry under an Idempotency-Key logs nothing twice; bad intake and
 * wrong moves refused precisely.
 */
class ComplaintsTest extends ServiceHubTest {

    @Autowired
    Complaints complaints;

    @Autowired
    Escalations escalations;

    @Test
    void aComplaintIsDueByTheServiceLevelOfTheCustomersTier() throws Exception {
        String platinum = customerOfTier(new Shopper(true), PLATINUM, "PLATINUM");
        Shopper goldShopper = new Shopper(true);
        customerOfTier(goldShopper, GOLD, "GOLD");
        String lead = customerOfTier(new Shopper(false), LEAD, "LEAD");

        JsonNode p = logged(complaint("\"customerId\": \"" + platinum + "\"", "TRANSACTION", "PHONE"));
        // by e-mail, in another case and with spaces, as an agent would type it
        JsonNode g = logged(complaint(
                "\"email\": \" " + goldShopper.email.toUpperCase() + "\", \"orderRef\": \"#1001\"",
                "delivery",
                "email"));
        JsonNode l = logged(complaint("\"customerId\": \"" + lead + "\"", "STAFF_ATTITUDE", "STORE"));

        assertLevel(p, 1, Duration.ofHours(4));
        assertLevel(g, 2, Duration.ofHours(8));
        assertLevel(l, 4, Duration.ofHours(72));
        assertThat(g.path("tier").asText()).isEqualTo("GOLD");
        assertThat(g.path("type").asText()).isEqualTo("COMPLAINT");
        assertThat(g.path("reference").asText()).isEqualTo("order:#1001");
        assertThat(g.path("complaint").path("category").asText()).isEqualTo("DELIVERY");
        assertThat(g.path("complaint").path("channel").asText()).isEqualTo("EMAIL");
        assertThat(g.path("complaint").path("orderRef").asText()).isEqualTo("#1001");
        assertThat(g.path("detail").asText()).isEqualTo("It arrived broken, and \"nobody\" called back.");
        assertThat(l.path("customerId").asText()).isEqualTo(lead);
        // announced like every new case: to the bus and to the CRM as a task
        List<JsonNode> opened = serviceEvents(
                e -> "case.opened".equals(e.path("type").asText())
                        && p.path("id")
                                .asText()
                                .equals(e.path("data").path("id").asText()),
                1);
        assertThat(opened).hasSize(1);
        assertThat(opened.get(0).path("data").path("complaint").path("category").asText())
                .isEqualTo("TRANSACTION");
        assertThat(jdbc.queryForObject(
                        "select count(*) from crm_outbox where customer_id = ?", Integer.class, platinum))
                .isPositive();
        // two complaints of one customer are two cases
        JsonNode again = logged(complaint("\"customerId\": \"" + platinum + "\"", "PRODUCT", "CHAT"));
        assertThat(again.path("id").asText()).isNotEqualTo(p.path("id").asText());
    }

    @Test
    void anOverdueComplaintEscalates() throws Exception {
        Shopper shopper = new Shopper(true);
        customerOfTier(shopper, GOLD, "GOLD");
        JsonNode c = logged(complaint("\"email\": \"" + shopper.email + "\"", "TRANSACTION", "PHONE"));
        OffsetDateTime due = OffsetDateTime.parse(c.path("dueAt").asText());

        escalations.sweepAt(due.minusMinutes(1));
        assertThat(json(getAs(VIEWER, "/api/cases/" + c.path("id").asText()))
                        .path("escalationLevel")
                        .asInt())
                .isZero();
        escalations.sweepAt(due.plusMinutes(1));

        JsonNode escalated = json(getAs(VIEWER, "/api/cases/" + c.path("id").asText()));
        assertThat(escalated.path("escalationLevel").asInt()).isEqualTo(1);
        assertThat(escalated.path("priority").asInt()).isEqualTo(1);
        assertThat(steps(escalated)).containsExactly("case.opened", "case.escalated");
        assertThat(serviceEvents(
                        e -> "case.escalated".equals(e.path("type").asText())
                                && c.path("id")
                                        .asText()
                                        .equals(e.path("data").path("id").asText()),
                        1))
                .hasSize(1);
    }

    @Test
    void aResolvedComplaintIsFollowedUpReopenedIfTheCustomerIsNotSatisfiedAndClosedWhenTheyAre() throws Exception {
        String customer = customerOfTier(new Shopper(true), LEAD, "LEAD");
        JsonNode c = logged(complaint("\"customerId\": \"" + customer + "\"", "PRODUCT", "WEB"));
        String id = c.path("id").asText();
        String path = "/api/cases/" + id;

        // a follow-up before the resolution is a wrong move
        assertProblem(postAs(OPERATOR, path + "/follow-up", "{\"outcome\": \"SATISFIED\"}"), 409, "only from RESOLVED");
        assertThat(postAs(OPERATOR, path + "/assign", "{\"assignee\": \"agent-7\"}")
                        .statusCode())
                .isEqualTo(200);
        OffsetDateTime beforeResolve = OffsetDateTime.now();
        JsonNode resolved = json(postAs(OPERATOR, path + "/resolve", "{\"resolution\": \"replacement sent\"}"));
        assertThat(resolved.path("status").asText()).isEqualTo("RESOLVED");
        OffsetDateTime followUpDue = OffsetDateTime.parse(
                resolved.path("complaint").path("followUpDueAt").asText());
        assertThat(Duration.between(beforeResolve, followUpDue))
                .isBetween(
                        Duration.ofDays(3).minusSeconds(1), Duration.ofDays(3).plusSeconds(30));
        // a complaint is not closed without its follow-up
        assertProblem(postAs(OPERATOR, path + "/close", ""), 409, "closes with its follow-up");

        // not yet due: nothing; due: case.follow-up-due, once however often the sweep runs
        complaints.announceDueBy(followUpDue.minusMinutes(1));
        assertThat(serviceEvents(followUpDueOf(id), 0)).isEmpty();
        complaints.announceDueBy(followUpDue.plusMinutes(1));
        complaints.announceDueBy(followUpDue.plusMinutes(2));
        List<JsonNode> due = serviceEvents(followUpDueOf(id), 1);
        assertThat(serviceEvents(followUpDueOf(id), 2)).hasSize(1);
        assertThat(due.get(0).path("data").path("customerId").asText()).isEqualTo(customer);

        // not satisfied: open again, due anew by the service level
        OffsetDateTime beforeReopen = OffsetDateTime.now();
        JsonNode reopened = json(
                postAs(OPERATOR, path + "/follow-up", "{\"outcome\": \"unsatisfied\", \"note\": \"still broken\"}"));
        assertThat(reopened.path("status").asText()).isEqualTo("OPEN");
        assertThat(reopened.path("complaint").path("followUpOutcome").asText()).isEqualTo("UNSATISFIED");
        assertThat(OffsetDateTime.parse(reopened.path("dueAt").asText())).isAfter(beforeReopen.plusHours(71));
        assertThat(json(getAs(VIEWER, "/api/cases?status=OPEN&customerId=" + customer))
                        .findValuesAsText("id"))
                .contains(id);

        postAs(OPERATOR, path + "/resolve", "{\"resolution\": \"refunded\"}");
        JsonNode closed = json(postAs(OPERATOR, path + "/follow-up", "{\"outcome\": \"SATISFIED\"}"));
        assertThat(closed.path("status").asText()).isEqualTo("CLOSED");
        assertThat(closed.path("complaint").path("followUpOutcome").asText()).isEqualTo("SATISFIED");
        assertThat(closed.path("resolution").asText()).isEqualTo("refunded");
        assertProblem(postAs(OPERATOR, path + "/follow-up", "{\"outcome\": \"SATISFIED\"}"), 409, "is CLOSED");

        JsonNode shown = json(getAs(VIEWER, path));
        assertThat(steps(shown))
                .containsExactly(
                        "case.opened",
                        "case.assigned",
                        "case.resolved",
                        "case.follow-up-due",
                        "case.followed-up",
                        "case.reopened",
                        "case.resolved",
                        "case.followed-up");
        assertThat(shown.path("timeline").get(2).path("note").asText()).isEqualTo("replacement sent");
        assertThat(shown.path("timeline").get(4).path("note").asText()).isEqualTo("unsatisfied: still broken");
        assertThat(shown.path("timeline").get(7).path("status").asText()).isEqualTo("CLOSED");
        assertThat(json(getAs(VIEWER, "/api/cases?status=CLOSED&customerId=" + customer))
                        .findValuesAsText("id"))
                .containsExactly(id);
    }

    @Test
    void aRetryUnderTheSameIdempotencyKeyGetsTheFirstCaseAndNeverASecond() throws Exception {
        String customer = customerOfTier(new Shopper(false), LEAD, "LEAD");
        String body = complaint("\"customerId\": \"" + customer + "\"", "PRODUCT", "PHONE");
        String key = UUID.randomUUID().toString();
        HttpResponse<String> first = postWithKey(body, key);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        String id = json(first).path("id").asText();

        // the answer was lost and the client sends the same complaint again (its fields in another order): the same
        // case
        HttpResponse<String> retry = postWithKey(
                "{\"category\":\"PRODUCT\",\"channel\":\"PHONE\",\"description\":"
                        + "\"It arrived broken, and \\\"nobody\\\" called back.\",\"customerId\":\"" + customer + "\"}",
                key);
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(200);
        assertThat(json(retry).path("id").asText()).isEqualTo(id);
        assertThat(retry.headers().firstValue("Location")).hasValue("/api/cases/" + id);
        // the key with another complaint is refused, naming the header
        HttpResponse<String> reused =
                postWithKey(complaint("\"customerId\": \"" + customer + "\"", "DELIVERY", "PHONE"), key);
        assertProblem(reused, 422, "Idempotency-Key");
        assertThat(json(reused).path("errors").findValuesAsText("field")).containsExactly("Idempotency-Key");
        assertProblem(postWithKey(body, "k".repeat(256)), 400, "Idempotency-Key");

        // retries racing each other (called as the route calls it: concurrent HTTP requests are the web server's
        // business): one of them logs it, the others get that case, or are told to retry
        String racingKey = UUID.randomUUID().toString();
        byte[] racingBody = complaint("\"customerId\": \"" + customer + "\"", "TRANSACTION", "CHAT")
                .getBytes(StandardCharsets.UTF_8);
        List<Complaints.Logged> racing = IntStream.range(0, 4)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                    try {
                        return complaints.open(racingBody, racingKey, "operator");
                    } catch (ProblemException e) {
                        assertThat(e.status()).as(e.getMessage()).isEqualTo(409);
                        return null;
                    }
                }))
                .toList()
                .stream()
                .map(CompletableFuture::join)
                .filter(Objects::nonNull)
                .toList();
        assertThat(racing).filteredOn(Complaints.Logged::created).hasSize(1);
        assertThat(racing.stream().map(l -> l.complaint().id()).distinct()).hasSize(1);

        // keys are per API client: another client's same key is a complaint of its own
        Complaints.Logged theirs =
                complaints.open(body.getBytes(StandardCharsets.UTF_8), key, "api-key:another-system");
        assertThat(theirs.created()).isTrue();
        assertThat(theirs.complaint().id()).isNotEqualTo(id);

        assertThat(jdbc.queryForObject(
                        "select count(*) from service_case where customer_id = ? and case_type = 'COMPLAINT'",
                        Integer.class,
                        customer))
                .as("the first, the racing one, the other client's")
                .isEqualTo(3);
        assertThat(json(getAs(VIEWER, "/api/cases/" + id)).path("timeline").findValuesAsText("step"))
                .containsExactly("case.opened");
    }

    @Test
    void badIntakeAndWrongMovesAreRefusedPrecisely() throws Exception {
        String customer = customerOfTier(new Shopper(false), LEAD, "LEAD");
        HttpResponse<String> empty = postAs(OPERATOR, "/api/cases", "{}");
        assertProblem(empty, 400, "not a complaint");
        assertThat(json(empty).path("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("$.customerId|$.email", "$.category", "$.channel", "$.description");

        HttpResponse<String> wrong = postAs(
                OPERATOR,
                "/api/cases",
                "{\"customerId\": \"" + customer + "\", \"category\": \"WEATHER\", "
                        + "\"channel\": 7, \"description\": \" \", \"priority\": 1}");
        assertProblem(wrong, 400, "not a complaint");
        assertThat(json(wrong).path("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("$.category", "$.channel", "$.description", "$.priority");
        assertThat(json(wrong).path("errors").findValuesAsText("problem")).anyMatch(p -> p.contains("STAFF_ATTITUDE"));

        assertProblem(
                postAs(
                        OPERATOR,
                        "/api/cases",
                        "{\"customerId\": \"" + customer + "\", \"email\": \"a@example.com\", "
                                + "\"category\": \"PRODUCT\", \"channel\": \"PHONE\", \"description\": \"x\"}"),
                400,
                "$.customerId|$.email");
        assertProblem(postAs(OPERATOR, "/api/cases", "{\"customerId\": "), 400, "not valid JSON");
        assertProblem(postAs(OPERATOR, "/api/cases", "[1]"), 400, "JSON object");
        assertProblem(
                postAs(OPERATOR, "/api/cases", complaint("\"customerId\": \"no-such-customer\"", "PRODUCT", "PHONE")),
                404,
                "no customer with id no-such-customer");
        assertProblem(
                postAs(
                        OPERATOR,
                        "/api/cases",
                        complaint("\"email\": \"nobody-" + customer + "@example.com\"", "PRODUCT", "PHONE")),
                404,
                "no customer with email");
        // reading is not enough to log one
        assertThat(postAs(VIEWER, "/api/cases", complaint("\"customerId\": \"" + customer + "\"", "PRODUCT", "PHONE"))
                        .statusCode())
                .isEqualTo(403);
        assertThat(jdbc.queryForObject(
                        "select count(*) from service_case where customer_id = ? and case_type = 'COMPLAINT'",
                        Integer.class,
                        customer))
                .isZero();

        String id = logged(complaint("\"customerId\": \"" + customer + "\"", "PRODUCT", "PHONE"))
                .path("id")
                .asText();
        postAs(OPERATOR, "/api/cases/" + id + "/resolve", "{}");
        HttpResponse<String> badOutcome =
                postAs(OPERATOR, "/api/cases/" + id + "/follow-up", "{\"outcome\": \"MAYBE\"}");
        assertProblem(badOutcome, 400, "say its outcome");
        assertThat(json(badOutcome).path("errors").findValuesAsText("field")).containsExactly("$.outcome");
        assertProblem(
                postAs(OPERATOR, "/api/cases/no-such-case/follow-up", "{\"outcome\": \"SATISFIED\"}"),
                404,
                "no case no-such-case");
    }

    private JsonNode logged(String body) {
        HttpResponse<String> response = postAs(OPERATOR, "/api/cases", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode c = json(response);
        assertThat(response.headers().firstValue("Location"))
                .hasValue("/api/cases/" + c.path("id").asText());
        assertThat(c.path("status").asText()).isEqualTo("OPEN");
        assertThat(steps(c)).containsExactly("case.opened");
        // what the Location names is the case logged
        assertThat(json(getAs(VIEWER, "/api/cases/" + c.path("id").asText()))
                        .path("title")
                        .asText())
                .isEqualTo(c.path("title").asText());
        return c;
    }

    private HttpResponse<String> postWithKey(String body, String key) {
        return post(
                "/api/cases",
                body.getBytes(StandardCharsets.UTF_8),
                Map.of(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(OPERATOR.getBytes(StandardCharsets.UTF_8)),
                        "Idempotency-Key",
                        key));
    }

    private static String complaint(String who, String category, String channel) {
        return "{" + who + ", \"category\": \"" + category + "\", \"channel\": \"" + channel + "\", "
                + "\"description\": \"It arrived broken, and \\\"nobody\\\" called back.\"}";
    }

    private static java.util.function.Predicate<JsonNode> followUpDueOf(String id) {
        return e -> "case.follow-up-due".equals(e.path("type").asText())
                && id.equals(e.path("data").path("id").asText());
    }

    private static List<String> steps(JsonNode c) {
        return c.path("timeline").findValuesAsText("step");
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(response.body()).contains(detail);
    }
}
