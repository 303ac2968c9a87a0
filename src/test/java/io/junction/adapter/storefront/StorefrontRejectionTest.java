package io.junction.adapter.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.support.Fixture;
import io.junction.support.HubTest;
import io.junction.support.Signatures;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every class of bad webhook gets its precise status and an RFC 9457 problem naming what is wrong, and publishes
 * nothing. The bus send happens before the response, so "nothing sent" is known the moment the answer arrives.
 */
class StorefrontRejectionTest extends HubTest {

    private static final Fixture ORDER = Fixture.storefront("shopify", "01-order-created");
    private NotifyBuilder published;

    @BeforeEach
    void watchTheBus() {
        // only what a webhook publishes: the hub's own polls (the ERP inventory feed) publish on their own schedule
        // the ERP inventory feed's first poll publishes the sample ERP's levels on its own schedule: let it finish
        // first
        await().until(() -> jdbc.queryForObject("select count(*) from inventory_level", Integer.class) > 0
                && jdbc.queryForObject("select count(*) from event_outbox where published_at is null", Integer.class)
                        == 0);
        published =
                new NotifyBuilder(camel).wereSentTo("jms:topic:*").whenDone(1).create();
    }

    @Test
    void missingSignatureIs401() {
        byte[] body = bytes(ORDER.body());
        HttpResponse<String> response = post(ORDER.path(), body, ORDER.headers());

        assertProblem(response, 401, "X-Shopify-Hmac-Sha256");
    }

    @Test
    void wrongSignatureIs401() {
        byte[] body = bytes(ORDER.body());
        String forged = Signatures.header("shopify", "{\"another\":\"body\"}".getBytes(StandardCharsets.UTF_8))[1];

        HttpResponse<String> response = post(ORDER.path(), body, ORDER.headers(), "X-Shopify-Hmac-Sha256", forged);

        assertProblem(response, 401, "does not match");
    }

    @Test
    void signatureOfAnotherDialectIs401() {
        byte[] body = bytes(ORDER.body());
        String hexSigned = Signatures.header("generic", body)[1];

        HttpResponse<String> response = post(ORDER.path(), body, ORDER.headers(), "X-Shopify-Hmac-Sha256", hexSigned);

        assertProblem(response, 401, "does not match");
    }

    @Test
    void malformedJsonIs400() {
        byte[] body = "{\"id\": 5923187654321, \"email\": ".getBytes(StandardCharsets.UTF_8);

        JsonNode problem = assertProblem(signedPost(ORDER, body, Map.of()), 400, "not valid JSON");
        assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("$");
    }

    @Test
    void invalidUtf8Is400() {
        byte[] body = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'};

        assertProblem(signedPost(ORDER, body, Map.of()), 400, "not valid JSON");
    }

    @Test
    void jsonThatIsNotAnObjectIs400() {
        assertProblem(signedPost(ORDER, "[1,2,3]".getBytes(StandardCharsets.UTF_8), Map.of()), 400, "JSON object");
    }

    @Test
    void unknownTopicIs400NamingTheTopicHeader() {
        JsonNode problem = assertProblem(
                signedPost(ORDER, bytes(ORDER.body()), Map.of("X-Shopify-Topic", "products/create")),
                400,
                "unknown topic");
        assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("X-Shopify-Topic");
    }

    /** The topic router's other ways to "unknown topic": each answered as before the router, the body judged first. */
    @Test
    void topicsTheRouterSendsNowhereOrTheMappingLacksAre400UnknownTopic() {
        // the order family, but a topic the mapping's table lacks (and an order without fulfillments: no shipments)
        assertProblem(
                signedPost(ORDER, bytes(ORDER.body()), Map.of("X-Shopify-Topic", "orders/paid")),
                400,
                "unknown topic 'orders/paid'");
        // no family at all, and a malformed body: the body's problem first
        assertProblem(
                signedPost(
                        ORDER,
                        "{\"id\": ".getBytes(StandardCharsets.UTF_8),
                        Map.of("X-Shopify-Topic", "products/create")),
                400,
                "not valid JSON");
        // a fulfillment from a dialect that maps no shipments
        Fixture woo = Fixture.storefront("woocommerce", "01-order-created");
        JsonNode problem = assertProblem(
                signedPost(woo, bytes(woo.body()), Map.of("X-WC-Webhook-Topic", "fulfillments/create")),
                400,
                "unknown topic 'fulfillments/create'");
        assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("X-WC-Webhook-Topic");
    }

    @Test
    void missingDeliveryIdIs400() {
        Fixture withoutId = new Fixture(
                "shopify", "no-id", ORDER.path(), without(ORDER.headers(), "X-Shopify-Webhook-Id"), ORDER.body(), null);

        JsonNode problem = assertProblem(deliver(withoutId), 400, "X-Shopify-Webhook-Id");
        assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("X-Shopify-Webhook-Id");
    }

    @Test
    void missingRequiredFieldIs422NamingTheField() {
        ObjectNode body = ORDER.bodyCopy();
        body.remove("currency");
        body.remove("presentment_currency");
        body.remove("total_price_set");

        JsonNode problem =
                assertProblem(signedPost(ORDER, bytes(body), Map.of()), 422, "does not map to a valid order.placed");
        assertThat(problem.path("errors").toString()).contains("currency");
    }

    @Test
    void negativeQuantityIs422NamingTheLine() {
        ObjectNode body = ORDER.bodyCopy();
        ((ObjectNode) body.withArray("line_items").get(0)).put("quantity", -2);

        JsonNode problem = assertProblem(signedPost(ORDER, bytes(body), Map.of()), 422, "order.placed");
        assertThat(problem.path("errors").get(0).path("field").asText()).isEqualTo("$.lines[0].quantity");
    }

    @Test
    void unknownCurrencyIs422() {
        ObjectNode body = ORDER.bodyCopy();
        body.put("currency", "XYZ");

        JsonNode problem = assertProblem(signedPost(ORDER, bytes(body), Map.of()), 422, "order.placed");
        assertThat(problem.path("errors").get(0).path("problem").asText()).contains("XYZ");
    }

    @Test
    void wrongTypeIs422() {
        ObjectNode body = ORDER.bodyCopy();
        body.put("total_price", "a lot");

        assertProblem(signedPost(ORDER, bytes(body), Map.of()), 422, "cannot be mapped");
    }

    @Test
    void notJsonMediaTypeIs415() {
        byte[] body = bytes(ORDER.body());
        String[] signature = Signatures.header("shopify", body);

        HttpResponse<String> response = post(
                ORDER.path(),
                body,
                without(ORDER.headers(), "Content-Type"),
                "Content-Type",
                "text/plain",
                signature[0],
                signature[1]);

        assertProblem(response, 415, "application/json");
    }

    @Test
    void oversizedBodyIs413() {
        byte[] body = new byte[1_048_577];
        Arrays.fill(body, (byte) ' ');

        assertProblem(signedPost(ORDER, body, Map.of()), 413, "exceeds");
    }

    @Test
    void invalidGenericSourceNameIs400() {
        Fixture generic = Fixture.storefront("generic", "01-order-created");
        Fixture badSource = new Fixture(
                "generic", "bad-source", "/webhooks/generic/Acme%20Shop", generic.headers(), generic.body(), null);

        assertProblem(deliver(badSource), 400, "source");
    }

    @Test
    void theHubKeepsServingAfterBadInput() {
        signedPost(ORDER, "{".getBytes(StandardCharsets.UTF_8), Map.of());

        Fixture good = Fixture.storefront("shopify", "04-customer-created");
        assertThat(deliver(good).statusCode()).isEqualTo(202);
        awaitCustomer("priya.raman@example.org", c -> true);
        published = null; // a publish was the point here
    }

    private HttpResponse<String> signedPost(Fixture fixture, byte[] body, Map<String, String> headerChanges) {
        String[] signature = Signatures.header(fixture.dialect(), body);
        Map<String, String> headers = new java.util.LinkedHashMap<>(fixture.headers());
        headers.putAll(headerChanges);
        return post(fixture.path(), body, headers, signature[0], signature[1]);
    }

    private JsonNode assertProblem(HttpResponse<String> response, int status, String detailMentions) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("type").asText()).startsWith("https://");
        assertThat(problem.path("detail").asText()).contains(detailMentions);
        assertThat(response.headers().firstValue("X-Shopify-Hmac-Sha256"))
                .as("request headers are not echoed")
                .isEmpty();
        assertThat(published.matches()).as("nothing was published").isFalse();
        return problem;
    }

    private static Map<String, String> without(Map<String, String> headers, String name) {
        Map<String, String> copy = new java.util.LinkedHashMap<>(headers);
        copy.remove(name);
        return copy;
    }

    private static byte[] bytes(JsonNode body) {
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }
}
