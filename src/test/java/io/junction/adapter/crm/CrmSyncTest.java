package io.junction.adapter.crm;

import static io.junction.support.Still.holdsFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.junction.support.Fixture;
import io.junction.support.HubTest;
import io.junction.support.ShopifyOrders;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The CRM adapter against a stand-in CRM on a real HTTP server (StubCrm, Junction's generic contract, OAuth2
 * client credentials): outbound upserts and order activities through the outbox, an outage, the circuit breaker,
 * parking and replay; inbound webhook and poll; echo suppression and conflict rules.
 */
class CrmSyncTest extends HubTest {

    private static final StubCrm CRM = new StubCrm();
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    CircuitBreaker crmCircuitBreaker;

    @DynamicPropertySource
    static void crm(DynamicPropertyRegistry registry) {
        registry.add("junction.crm.enabled", () -> "true");
        registry.add("junction.crm.base-url", CRM::baseUrl);
        registry.add("junction.crm.auth.mode", () -> "oauth2");
        registry.add("junction.crm.auth.token-url", () -> CRM.baseUrl() + "/oauth/token");
        registry.add("junction.crm.auth.client-id", () -> "junction");
        registry.add("junction.crm.auth.client-secret", () -> "s3cret");
        registry.add("junction.crm.drain.poll-ms", () -> "100");
        registry.add("junction.crm.drain.initial-delay", () -> "100ms");
        registry.add("junction.crm.drain.max-delay", () -> "300ms");
        registry.add("junction.crm.circuit-breaker.window", () -> "4");
        registry.add("junction.crm.circuit-breaker.minimum-calls", () -> "2");
        registry.add("junction.crm.circuit-breaker.wait-open", () -> "300ms");
        registry.add("junction.crm.poll.enabled", () -> "true");
        registry.add("junction.crm.poll.period-ms", () -> "300");
        registry.add("junction.crm.webhook.secret", () -> StubCrm.WEBHOOK_SECRET);
        registry.add("junction.crm.rate-per-second", () -> "100");
    }

    @BeforeEach
    void crmUp() {
        CRM.hubPort = port;
        CRM.down.set(false);
        CRM.echoing.set(false);
        CRM.rejecting.set(true);
    }

    @AfterAll
    static void stop() {
        CRM.stop();
    }

    @Test
    void aNewCustomerIsUpsertedByHubIdAndTheirOrderFollowsAsActivity() {
        ShopifyOrders shop = new ShopifyOrders();

        deliver(shop.created("2024-07-01T10:00:00Z"));
        String hubId = awaitCustomer(shop.email, c -> true).path("id").asText();
        await().atMost(WAIT).until(() -> activities(hubId).size() == 1);
        deliver(shop.updated("2024-07-02T10:00:00Z", "fulfilled"));

        await().atMost(WAIT).until(() -> activities(hubId).size() == 2);
        List<JsonNode> upserts = upserts(hubId);
        assertThat(upserts).hasSize(1);
        JsonNode upsert = upserts.get(0);
        assertThat(upsert.path("email").asText()).isEqualTo(shop.email);
        assertThat(upsert.path("firstName").asText()).isEqualTo("Elena");
        assertThat(upsert.path("address").path("line1").asText()).isEqualTo("2150 Mission St");
        assertThat(upsert.path("address").path("postalCode").asText()).isEqualTo("94110");
        assertThat(upsert.path("marketingOptIn").asBoolean()).isTrue();
        assertThat(upsert.path("externalIds").path("shopify").get(0).asText())
                .isEqualTo(String.valueOf(shop.customerId));
        assertThat(upsert.path("change").asText()).isEqualTo("created");
        assertThat(CRM.requests)
                .filteredOn(r -> r.path().equals("/customers/upsert") && r.status() < 300)
                .allSatisfy(r -> assertThat(r.authorization()).startsWith("Bearer token-"));

        List<JsonNode> activities = activities(hubId);
        assertThat(activities).extracting(a -> a.path("status").asText()).containsExactly("PLACED", "SHIPPED");
        assertThat(activities.get(1).path("previousStatus").asText()).isEqualTo("PLACED");
        assertThat(activities.get(0).path("sourceOrderId").asText()).isEqualTo(String.valueOf(shop.orderId));
        assertThat(activities.get(0).path("total").decimalValue()).isPositive();
        assertThat(CRM.requests.indexOf(request(upsert)))
                .as("the contact reaches the CRM before its order")
                .isLessThan(CRM.requests.indexOf(request(activities.get(0))));
        // the CRM's id came back in its answer: the hub now finds the customer by it
        assertThat(awaitCustomer(shop.email, c -> c.path("externalIds").has("crm"))
                        .path("externalIds")
                        .path("crm")
                        .get(0)
                        .asText())
                .isEqualTo(StubCrm.crmId(upsert));
    }

    @Test
    void aRefusedTokenIsReplacedAndTheUpdateStillArrives() {
        // the token the hub holds, or the first one it will get
        String current = "Bearer token-" + Math.max(1, CRM.tokensIssued.get());
        CRM.revoked.set(current);
        ShopifyOrders shop = new ShopifyOrders();

        deliver(shop.created("2024-07-01T10:00:00Z"));
        String hubId = awaitCustomer(shop.email, c -> true).path("id").asText();

        await().atMost(WAIT).until(() -> upserts(hubId).size() == 1);
        assertThat(CRM.requests).filteredOn(r -> r.status() == 401).isNotEmpty();
        assertThat(request(upserts(hubId).get(0)).authorization())
                .startsWith("Bearer token-")
                .isNotEqualTo(current);
    }

    @Test
    void anOutageOfAnyLengthIsWaitedOutAndDeliveredInOrderWithoutAnOperator() {
        AtomicInteger skipped = new AtomicInteger();
        crmCircuitBreaker.getEventPublisher().onCallNotPermitted(e -> skipped.incrementAndGet());
        CRM.down.set(true);
        List<ShopifyOrders> buyers = List.of(new ShopifyOrders(), new ShopifyOrders());
        List<List<Long>> ordersPerBuyer = List.of(new ArrayList<>(), new ArrayList<>());
        for (int round = 0; round < 3; round++) {
            for (int b = 0; b < buyers.size(); b++) {
                ShopifyOrders order = new ShopifyOrders();
                HttpResponse<String> accepted =
                        deliver(orderOf(buyers.get(b), order.orderId, "2024-07-0" + (round + 1) + "T10:00:00Z"));
                assertThat(accepted.statusCode())
                        .as("the hub keeps taking orders while the CRM is down")
                        .isEqualTo(202);
                ordersPerBuyer.get(b).add(order.orderId);
            }
        }
        List<String> hubIds = buyers.stream()
                .map(b -> awaitCustomer(b.email, c -> c.path("orders").size() == 3)
                        .path("id")
                        .asText())
                .toList();

        await().atMost(WAIT).until(() -> crmCircuitBreaker.getState() != CircuitBreaker.State.CLOSED);
        assertThat(json(get("/actuator/health")).path("status").asText())
                .as("a CRM outage does not take the hub down")
                .isEqualTo("UP");
        // long enough that counting each skip as an attempt would have parked the customers' upserts many times over
        await().atMost(WAIT).until(() -> skipped.get() >= 30);
        await().atMost(WAIT).until(() -> rowsOf(hubIds).stream().anyMatch(r -> String.valueOf(r.get("last_error"))
                .startsWith("not attempted: the CRM circuit breaker is open")));
        assertThat(rowsOf(hubIds)).as("an outage parks nothing").allSatisfy(r -> assertThat(r.get("status"))
                .isEqualTo("PENDING"));
        assertThat(hubIds).allSatisfy(id -> assertThat(upserts(id)).isEmpty());

        CRM.down.set(false);

        await().atMost(WAIT).until(() -> rowsOf(hubIds).stream()
                .allMatch(r -> r.get("status").equals("SENT") || r.get("status").equals("SKIPPED")));
        for (int b = 0; b < buyers.size(); b++) {
            String hubId = hubIds.get(b);
            assertThat(upserts(hubId))
                    .filteredOn(u -> !u.path("change").asText().equals("intelligence"))
                    .hasSize(1);
            assertThat(activities(hubId))
                    .extracting(a -> Long.parseLong(a.path("sourceOrderId").asText()))
                    .as("every order once, in the order they were placed")
                    .containsExactlyElementsOf(ordersPerBuyer.get(b));
            int firstUpsertAccepted =
                    CRM.requests.indexOf(request(upserts(hubId).get(0)));
            assertThat(CRM.requests)
                    .as("no activity reached the CRM before its customer's upsert, not even a failed one")
                    .filteredOn(r -> r.path().equals("/activities")
                            && r.body().path("customerExternalId").asText().equals(hubId))
                    .allSatisfy(r -> assertThat(CRM.requests.indexOf(r)).isGreaterThan(firstUpsertAccepted));
            for (String kind : List.of(CrmOutbox.CUSTOMER_UPSERT, CrmOutbox.ORDER_ACTIVITY)) {
                String path = kind.equals(CrmOutbox.CUSTOMER_UPSERT) ? "/customers/upsert" : "/activities";
                String owner = kind.equals(CrmOutbox.CUSTOMER_UPSERT) ? "externalId" : "customerExternalId";
                long calls = CRM.requests.stream()
                        .filter(r -> r.path().equals(path)
                                && r.status() == 503
                                && r.body().path(owner).asText().equals(hubId))
                        .count();
                Integer attempts = jdbc.queryForObject(
                        "select coalesce(sum(attempts), 0) from crm_outbox where customer_id = ? and kind = ?",
                        Integer.class,
                        hubId,
                        kind);
                assertThat(attempts.longValue())
                        .as("attempts of %s rows count the calls the CRM saw, not the skips", kind)
                        .isEqualTo(calls);
            }
        }
        await().atMost(WAIT).until(() -> crmCircuitBreaker.getState() == CircuitBreaker.State.CLOSED);
        assertThat(json(get("/actuator/health/crm")).path("status").asText()).isEqualTo("UP");
    }

    @Test
    void aRefusedUpdateIsParkedWithItsReasonAndCanBeReplayed() {
        ShopifyOrders shop = new ShopifyOrders();
        Fixture order = shop.created("2024-07-01T10:00:00Z");
        ObjectNode body = order.bodyCopy();
        String email = "reject-" + shop.orderId + "@example.com";
        body.put("email", email).put("contact_email", email);
        ((ObjectNode) body.get("customer")).put("email", email);

        deliver(order.with(Map.of(), body));
        String hubId = awaitCustomer(email, c -> true).path("id").asText();

        JsonNode parked = await().atMost(WAIT).until(() -> parked(hubId), p -> p != null);
        assertThat(parked.path("kind").asText()).isEqualTo("customer-upsert");
        assertThat(parked.path("lastError").asText()).contains("422").contains("email domain is blocked");
        // the order's activity waits for its customer to be in the CRM
        await().atMost(WAIT).until(() -> rowsOf(List.of(hubId)).stream()
                .anyMatch(r -> r.get("status").equals("HELD")
                        && r.get("kind").equals(CrmOutbox.ORDER_ACTIVITY)
                        && String.valueOf(r.get("last_error"))
                                .contains("row " + parked.path("id").asLong())));
        assertThat(CRM.requests)
                .filteredOn(r -> r.path().equals("/activities")
                        && r.body().path("customerExternalId").asText().equals(hubId))
                .isEmpty();

        CRM.rejecting.set(false);
        HttpResponse<String> replay =
                postAs(OPERATOR, "/api/crm/outbox/" + parked.path("id").asLong() + "/replay", "");
        assertThat(replay.statusCode()).isEqualTo(200);

        await().atMost(WAIT)
                .until(() -> upserts(hubId).size() == 1 && activities(hubId).size() == 1);
        assertThat(CRM.requests.indexOf(request(upserts(hubId).get(0))))
                .as("the contact reaches the CRM before its order")
                .isLessThan(CRM.requests.indexOf(request(activities(hubId).get(0))));
        assertThat(postAs(OPERATOR, "/api/crm/outbox/" + parked.path("id").asLong() + "/replay", "")
                        .statusCode())
                .isEqualTo(409);
        assertThat(postAs(OPERATOR, "/api/crm/outbox/999999999/replay", "").statusCode())
                .isEqualTo(404);
    }

    @Test
    void aSignedCrmWebhookUpdatesTheHubAndIsNotSentBack() {
        ShopifyOrders shop = new ShopifyOrders();
        deliver(shop.created("2024-07-01T10:00:00Z"));
        String hubId = awaitCustomer(shop.email, c -> true).path("id").asText();
        await().atMost(WAIT).until(() -> upserts(hubId).size() == 1);
        int rowsBefore = outboxRows(hubId);

        ObjectNode edit = JSON.createObjectNode()
                .put("id", "agent-edit-" + shop.orderId)
                .put("externalId", hubId)
                .put("email", shop.email)
                .put("marketingOptIn", false)
                .put("preferredChannel", "SMS")
                .put("updatedAt", "2024-07-05T12:00:00Z");
        HttpResponse<String> response = webhook(edit);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response).path("published").asInt()).isEqualTo(1);
        JsonNode customer = awaitCustomer(
                shop.email, c -> "SMS".equals(c.path("preferredChannel").asText()));
        assertThat(customer.path("marketingOptIn").asBoolean()).isFalse();
        assertThat(customer.path("externalIds").path("crm"))
                .extracting(JsonNode::asText)
                .contains("agent-edit-" + shop.orderId);
        assertThat(outboxRows(hubId))
                .as("a change that came from the CRM is not sent back to it")
                .isEqualTo(rowsBefore);

        byte[] bytes = edit.toString().getBytes(StandardCharsets.UTF_8);
        assertThat(post("/webhooks/crm", bytes, Map.of(), "X-Junction-Signature", "sha256=" + "0".repeat(64))
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void thePollerBringsCrmEditsInAndMovesItsWatermark() {
        String email = "polled-" + UUID.randomUUID() + "@example.com";
        // a recent time, past (the hub refuses report times in the future) and after where a first poll starts
        OffsetDateTime edited =
                OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).truncatedTo(ChronoUnit.MINUTES);
        CRM.modified.set("{\"results\": [{\"id\": \"poll-1\", \"email\": \"" + email + "\", \"firstName\": \"Paula\","
                + " \"lastName\": \"Polled\", \"preferredChannel\": \"PHONE\", \"updatedAt\": \""
                + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(edited) + "\"}]}");

        JsonNode customer = awaitCustomer(email, c -> true);

        assertThat(customer.path("firstName").asText()).isEqualTo("Paula");
        assertThat(customer.path("preferredChannel").asText()).isEqualTo("PHONE");
        assertThat(customer.path("externalIds").path("crm").get(0).asText()).isEqualTo("poll-1");
        await().atMost(WAIT).until(() -> CRM.pollSince.stream().anyMatch(q -> q.contains(edited.toString())));
        assertThat(outboxRows(customer.path("id").asText()))
                .as("not echoed to the CRM")
                .isZero();
    }

    @Test
    void noEchoLoopAcrossThreeRoundTrips() throws Exception {
        CRM.echoing.set(true);
        int echoesBefore = CRM.echoesDropped.get();
        ShopifyOrders shop = new ShopifyOrders();
        Fixture order = shop.created("2024-07-01T10:00:00Z");

        deliver(order);
        String hubId = awaitCustomer(shop.email, c -> true).path("id").asText();
        await().atMost(WAIT).until(() -> upserts(hubId).size() == 1);
        for (int round = 2; round <= 3; round++) {
            ObjectNode body = order.bodyCopy();
            ((ObjectNode) body.get("customer"))
                    .put("first_name", "Round" + round)
                    .put("updated_at", "2024-07-0" + round + "T10:00:00Z");
            body.put("updated_at", "2024-07-0" + round + "T10:00:00Z");
            deliver(order.with(
                    Map.of(
                            "X-Shopify-Topic",
                            "orders/updated",
                            "X-Shopify-Webhook-Id",
                            UUID.randomUUID().toString()),
                    body));
            int expected = round;
            await().atMost(WAIT).until(() -> upserts(hubId).size() == expected);
            assertThat(upserts(hubId).get(round - 1).path("firstName").asText()).isEqualTo("Round" + round);
        }

        await().atMost(WAIT).until(() -> CRM.echoesDropped.get() - echoesBefore == 3);
        holdsFor(Duration.ofMillis(1500), () -> assertThat(upserts(hubId))
                .as("each change reached the CRM once; none of its echoes came back as news")
                .hasSize(3));
        assertThat(awaitCustomer(shop.email, c -> true).path("firstName").asText())
                .isEqualTo("Round3");
    }

    @Test
    void aCrmEditBackToAValueTheHubOncePushedIsAnEditNotAnEcho() {
        ShopifyOrders shop = new ShopifyOrders();
        String hubId = pushedCustomer(shop);
        JsonNode pushed = upserts(hubId).get(0);

        HttpResponse<String> renamed = webhook(crmRecord(shop, hubId, pushed, "Renamed", "2024-08-01T00:00:00Z"));
        assertThat(json(renamed).path("published").asInt()).isEqualTo(1);
        awaitCustomer(shop.email, c -> c.path("lastName").asText().equals("Renamed"));
        // a CRM user sets the name back: exactly the state the hub pushed before, but not what it pushed last
        HttpResponse<String> back =
                webhook(crmRecord(shop, hubId, pushed, pushed.path("lastName").asText(), "2024-08-02T00:00:00Z"));

        assertThat(json(back).path("echoesDropped").asInt()).isZero();
        assertThat(json(back).path("published").asInt()).isEqualTo(1);
        assertLastNameBack(shop, hubId, pushed);
    }

    @Test
    void aPolledCrmEditBackToAValueTheHubOncePushedIsAnEditNotAnEcho() {
        ShopifyOrders shop = new ShopifyOrders();
        String hubId = pushedCustomer(shop);
        JsonNode pushed = upserts(hubId).get(0);

        CRM.modified.set("{\"results\": [" + crmRecord(shop, hubId, pushed, "Renamed", "2024-08-01T00:00:00Z") + "]}");
        awaitCustomer(shop.email, c -> c.path("lastName").asText().equals("Renamed"));
        CRM.modified.set("{\"results\": ["
                + crmRecord(shop, hubId, pushed, pushed.path("lastName").asText(), "2024-08-02T00:00:00Z") + "]}");

        assertLastNameBack(shop, hubId, pushed);
        CRM.modified.set("{\"results\": []}");
    }

    /** A new customer, whose upsert the CRM has received (the hub's last push). */
    private String pushedCustomer(ShopifyOrders shop) {
        deliver(shop.created("2024-07-01T10:00:00Z"));
        String hubId = awaitCustomer(shop.email, c -> true).path("id").asText();
        await().atMost(WAIT).until(() -> upserts(hubId).size() == 1);
        return hubId;
    }

    /** The CRM's record of the customer as the hub pushed it, with another last name and modification time. */
    private static ObjectNode crmRecord(
            ShopifyOrders shop, String hubId, JsonNode pushed, String lastName, String updatedAt) {
        ObjectNode record =
                JSON.createObjectNode().put("id", "edit-" + shop.orderId).put("externalId", hubId);
        for (String field :
                new String[] {"email", "phone", "firstName", "address", "marketingOptIn", "preferredChannel"}) {
            if (pushed.has(field) && !pushed.get(field).isNull()) {
                record.set(field, pushed.get(field));
            }
        }
        return record.put("lastName", lastName).put("updatedAt", updatedAt);
    }

    private void assertLastNameBack(ShopifyOrders shop, String hubId, JsonNode pushed) {
        String original = pushed.path("lastName").asText();
        assertThat(awaitCustomer(shop.email, c -> c.path("lastName").asText().equals(original))
                        .path("lastName")
                        .asText())
                .isEqualTo(original);
        assertThat(upserts(hubId))
                .as("the CRM's own edits are not pushed back to it")
                .extracting(u -> u.path("lastName").asText())
                .containsOnly(original);
    }

    @Test
    void conflictsResolveByFieldRulesAndAreRecorded() {
        ShopifyOrders shop = new ShopifyOrders();
        deliver(shop.created("2024-07-01T10:00:00Z"));
        String hubId = awaitCustomer(shop.email, c -> true).path("id").asText();
        await().atMost(WAIT).until(() -> upserts(hubId).size() == 1);

        // the CRM's agent edited address and opt-in before the shop's last report (2024-05-14T16:12:50Z)
        ObjectNode stale = JSON.createObjectNode()
                .put("id", "conflict-" + shop.orderId)
                .put("externalId", hubId)
                .put("email", shop.email)
                .put("marketingOptIn", false)
                .put("updatedAt", "2024-05-01T00:00:00Z");
        stale.putObject("address")
                .put("line1", "1 Old Road")
                .put("city", "Oakland")
                .put("postalCode", "94601")
                .put("country", "US");
        assertThat(webhook(stale).statusCode()).isEqualTo(202);

        JsonNode customer =
                awaitCustomer(shop.email, c -> !c.path("marketingOptIn").asBoolean(true));
        assertThat(customer.path("address").path("line1").asText())
                .as("address: the most recent report wins")
                .isEqualTo("2150 Mission St");
        assertThat(conflicts(hubId))
                .containsExactlyInAnyOrder("address:shopify:most-recent", "marketingOptIn:crm:trust");
        // the CRM lost on the address, so it gets the hub's record back, with its own opt-out kept
        await().atMost(WAIT).until(() -> upserts(hubId).size() == 2);
        JsonNode correction = upserts(hubId).get(1);
        assertThat(correction.path("change").asText()).isEqualTo("conflict");
        assertThat(correction.path("address").path("line1").asText()).isEqualTo("2150 Mission St");
        assertThat(correction.path("marketingOptIn").asBoolean()).isFalse();

        // a newer CRM address wins
        ObjectNode fresh = stale.deepCopy().put("updatedAt", "2024-08-01T00:00:00Z");
        ((ObjectNode) fresh.get("address")).put("line1", "9 New Street");
        webhook(fresh);
        assertThat(awaitCustomer(
                        shop.email,
                        c -> c.path("address").path("line1").asText().equals("9 New Street")))
                .isNotNull();
        await().atMost(WAIT).until(() -> conflicts(hubId).contains("address:crm:most-recent"));
    }

    private HttpResponse<String> webhook(JsonNode record) {
        byte[] bytes = record.toString().getBytes(StandardCharsets.UTF_8);
        return post("/webhooks/crm", bytes, Map.of(), "X-Junction-Signature", StubCrm.sign(bytes));
    }

    /** An order placed by {@code buyer}: the buyer's order fixture under another order id. */
    private static Fixture orderOf(ShopifyOrders buyer, long orderId, String at) {
        Fixture base = buyer.created(at);
        ObjectNode body = base.bodyCopy();
        body.put("id", orderId).put("name", "#" + orderId);
        return base.with(Map.of("X-Shopify-Webhook-Id", UUID.randomUUID().toString()), body);
    }

    private static List<JsonNode> upserts(String hubId) {
        return CRM.accepted("/customers/upsert").stream()
                .filter(b -> b.path("externalId").asText().equals(hubId))
                .toList();
    }

    private static List<JsonNode> activities(String hubId) {
        return CRM.accepted("/activities").stream()
                .filter(b -> b.path("customerExternalId").asText().equals(hubId))
                .toList();
    }

    private static StubCrm.Request request(JsonNode body) {
        return CRM.requests.stream().filter(r -> r.body() == body).findFirst().orElseThrow();
    }

    private JsonNode parked(String hubId) {
        for (JsonNode row : json(getAs(VIEWER, "/api/crm/outbox?status=PARKED"))) {
            if (row.path("customerId").asText().equals(hubId)) {
                return row;
            }
        }
        return null;
    }

    private List<Map<String, Object>> rowsOf(List<String> hubIds) {
        return hubIds.stream()
                .flatMap(id -> jdbc
                        .queryForList(
                                "select id, kind, status, attempts, last_error from crm_outbox "
                                        + "where customer_id = ? and kind in (?, ?) order by id",
                                id,
                                CrmOutbox.CUSTOMER_UPSERT,
                                CrmOutbox.ORDER_ACTIVITY)
                        .stream())
                .toList();
    }

    private int outboxRows(String hubId) {
        return jdbc.queryForObject(
                "select count(*) from crm_outbox where customer_id = ? and kind = 'customer-upsert'",
                Integer.class,
                hubId);
    }

    private List<String> conflicts(String hubId) {
        return jdbc.queryForList(
                "select field || ':' || winner || ':' || rule from crm_conflict where customer_id = ?",
                String.class,
                hubId);
    }
}
