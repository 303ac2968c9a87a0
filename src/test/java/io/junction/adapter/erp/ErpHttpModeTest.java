package io.junction.adapter.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.junction.platform.bus.EventHeaders;
import io.junction.support.Fixture;
import io.junction.support.HubTest;
import io.junction.support.ShopifyOrders;
import jakarta.jms.Message;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The HTTP side of the ERP adapter against a real HTTP server standing in for the ERP's order API and the
 * storefront's stock API: junction.erp.mode=http, and the storefront stock push.
 */
class ErpHttpModeTest extends HubTest {

    @Autowired
    @Qualifier("erpJdbcTemplate")
    JdbcTemplate erp;

    @Autowired
    JmsTemplate jms;

    @Autowired
    ProducerTemplate producer;

    /** What the stand-in ERP API received: Idempotency-Key, then the body. */
    private static final List<String[]> RECEIVED = new CopyOnWriteArrayList<>();

    private static final AtomicInteger OUTAGES = new AtomicInteger();
    /** What the stand-in storefront stock API received. */
    private static final List<String> STOCK = new CopyOnWriteArrayList<>();

    private static final HttpServer ERP_API = start();

    @DynamicPropertySource
    static void httpMode(DynamicPropertyRegistry registry) {
        registry.add("junction.erp.mode", () -> "http");
        registry.add(
                "junction.erp.http.url",
                () -> "http://localhost:" + ERP_API.getAddress().getPort() + "/api/orders");
        registry.add("junction.erp.http.auth-value", () -> "Bearer test-token");
        registry.add("junction.redelivery.initial-delay-ms", () -> "50");
        registry.add("junction.storefront-stock.enabled", () -> "true");
        registry.add(
                "junction.storefront-stock.url",
                () -> "http://localhost:" + ERP_API.getAddress().getPort() + "/stock");
    }

    @AfterAll
    static void stop() {
        ERP_API.stop(0);
    }

    @Test
    void anOrderIsPostedOnceMappedAndTheErpsAnswerMovesItOn() {
        ShopifyOrders shop = new ShopifyOrders();
        Fixture placed = shop.created("2024-07-01T10:00:00Z");

        deliver(placed);
        deliver(placed);

        JsonNode order =
                awaitOnlyOrder(shop.email, o -> o.path("status").asText().equals("ACCEPTED"));
        List<String[]> posts = posts(shop);
        assertThat(posts).as("one post, though the storefront delivered twice").hasSize(1);
        JsonNode body = read(posts.get(0)[1]);
        assertThat(body.path("action").asText()).isEqualTo("CREATE");
        assertThat(body.path("externalOrderId").asText()).isEqualTo("shopify/" + shop.orderId);
        assertThat(body.path("lines")).hasSize(2);
        assertThat(body.path("lines").get(1).path("quantity").asInt()).isEqualTo(2);
        assertThat(posts.get(0)[0]).as("Idempotency-Key").isNotBlank();
        assertThat(posts.get(0)[2]).isEqualTo("Bearer test-token");
        assertThat(order.path("statusHistory").get(1).path("status").asText()).isEqualTo("ACCEPTED");
    }

    @Test
    void anOrderIsCancelledAtTheErpOnceThoughShopifyReportsTheCancellationTwice() {
        ShopifyOrders shop = new ShopifyOrders();
        Fixture cancelled = shop.cancelled("2024-07-02T10:00:00Z");
        Fixture updatedCancelled = cancelled.with(
                Map.of(
                        "X-Shopify-Topic",
                        "orders/updated",
                        "X-Shopify-Webhook-Id",
                        java.util.UUID.randomUUID().toString()),
                cancelled.body());

        deliver(shop.created("2024-07-01T10:00:00Z"));
        deliver(updatedCancelled);
        deliver(cancelled);
        // one customer's events reach the ERP in order: once this update is posted, both cancellations were handled
        deliver(shop.updated("2024-07-03T10:00:00Z", null));

        await().atMost(Duration.ofSeconds(20)).until(() -> posts(shop).size() >= 3);
        assertThat(posts(shop))
                .extracting(p -> read(p[1]).path("action").asText())
                .containsExactly("CREATE", "CANCEL", "UPDATE");
    }

    @Test
    void aRefusalIsARejectionWithTheErpsReason() {
        ShopifyOrders shop = new ShopifyOrders();
        Fixture placed = shop.created("2024-07-01T10:00:00Z");
        ObjectNode body = placed.bodyCopy();
        ((ObjectNode) body.withArray("line_items").get(0)).put("sku", "NO-SUCH-SKU");

        deliver(placed.with(Map.of(), body));

        JsonNode order =
                awaitOnlyOrder(shop.email, o -> o.path("status").asText().equals("REJECTED"));
        assertThat(order.path("statusHistory").get(1).path("note").asText()).isEqualTo("unknown SKU NO-SUCH-SKU");
    }

    @Test
    void anErpOutageIsRetriedWithTheSameIdempotencyKey() {
        ShopifyOrders shop = new ShopifyOrders();
        OUTAGES.set(2);

        deliver(shop.created("2024-07-01T10:00:00Z"));

        awaitOnlyOrder(shop.email, o -> o.path("status").asText().equals("ACCEPTED"));
        List<String[]> posts = posts(shop);
        assertThat(posts).as("two failed posts, then the one that worked").hasSize(3);
        assertThat(posts).extracting(p -> p[0]).containsOnly(posts.get(0)[0]);
    }

    @Test
    void anOrderTheErpKeepsFailingIsDeadLetteredWithItsReasonAndTheNextIsPosted() throws Exception {
        ShopifyOrders failing = new ShopifyOrders();
        Fixture placed = failing.created("2024-07-01T10:00:00Z");
        ObjectNode body = placed.bodyCopy();
        ((ObjectNode) body.withArray("line_items").get(0)).put("sku", "DOWN-FOR-THIS-SKU");
        ShopifyOrders next = new ShopifyOrders();

        deliver(placed.with(Map.of(), body));
        deliver(next.created("2024-07-01T10:00:00Z"));

        jms.setReceiveTimeout(30_000);
        Message dead;
        do {
            dead = jms.receive(topology.queue("order", "erp").deadLetterQueue());
            assertThat(dead)
                    .as("the failing order in the ERP hand-off's dead-letter queue")
                    .isNotNull();
        } while (!dead.getBody(String.class).contains("shopify/" + failing.orderId));
        assertThat(dead.getStringProperty(EventHeaders.DEAD_LETTER_REASON)).contains("503");
        assertThat(dead.getStringProperty(EventHeaders.DEAD_LETTER_ROUTE)).isEqualTo("erp-order-handoff");
        // 1 + 3 redeliveries, and one more if it first failed in a batch with the next order (the batch is split first)
        assertThat(posts(failing)).as("posted, retried, then given up").hasSizeBetween(4, 5);
        awaitOnlyOrder(next.email, o -> o.path("status").asText().equals("ACCEPTED"));
    }

    @Test
    void aChangedInventoryLevelIsPushedToTheStorefront() {
        String sku = "PUSH-" + System.nanoTime();

        erp.update(
                "insert into erp_inventory (sku, location, on_hand, reserved, updated_at) values (?, 'MAIN', 9, 4, ?)",
                sku,
                OffsetDateTime.now());

        await().atMost(Duration.ofSeconds(20)).until(() -> STOCK.stream().anyMatch(b -> b.contains(sku)));
        JsonNode push =
                read(STOCK.stream().filter(b -> b.contains(sku)).findFirst().orElseThrow());
        assertThat(push.path("sku").asText()).isEqualTo(sku);
        assertThat(push.path("location").asText()).isEqualTo("MAIN");
        assertThat(push.path("available").asInt()).isEqualTo(5);
    }

    @Test
    void anInventoryEventDeliveredTwiceIsPushedOnceAndTheReceiverRecordsItsId() {
        String sku = "TWICE-" + System.nanoTime();
        String eventId = UUID.randomUUID().toString();
        String event = """
                {"specversion":"1.0","id":"%s","source":"/erp","type":"inventory.changed","time":"2024-07-04T22:00:00Z",
                 "data":{"sku":"%s","location":"MAIN","onHand":7,"reserved":2,"available":5,"asOf":"2024-07-04T22:00:00Z"}}
                """.formatted(eventId, sku);

        // the same event twice (a duplicate send the broker did not catch): the idempotent receiver lets one through
        producer.sendBodyAndHeader("jms:topic:junction.inventory", event, EventHeaders.EVENT_ID, eventId);
        await().atMost(Duration.ofSeconds(20)).until(() -> pushes(sku) == 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> received("storefront-stock-received", eventId) == 1);
        producer.sendBodyAndHeader("jms:topic:junction.inventory", event, EventHeaders.EVENT_ID, eventId);

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> pushes(sku) == 1);
        assertThat(received("storefront-stock-received", eventId)).isEqualTo(1);
    }

    private static long pushes(String sku) {
        return STOCK.stream().filter(b -> b.contains(sku)).count();
    }

    private int received(String processor, String eventId) {
        return jdbc.queryForObject(
                "select count(*) from processed_message where processor = ? and message_id = ?",
                Integer.class,
                processor,
                eventId);
    }

    private static List<String[]> posts(ShopifyOrders shop) {
        return RECEIVED.stream()
                .filter(r -> r[1].contains("shopify/" + shop.orderId))
                .toList();
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/api/orders", exchange -> {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                RECEIVED.add(new String[] {
                    exchange.getRequestHeaders().getFirst("Idempotency-Key"),
                    body,
                    exchange.getRequestHeaders().getFirst("Authorization")
                });
                int status;
                String reply;
                if (OUTAGES.getAndUpdate(n -> Math.max(0, n - 1)) > 0 || body.contains("DOWN-FOR-THIS-SKU")) {
                    status = 503;
                    reply = "{\"message\":\"maintenance\"}";
                } else if (body.contains("NO-SUCH-SKU")) {
                    status = 422;
                    reply = "{\"reason\":\"unknown SKU NO-SUCH-SKU\"}";
                } else {
                    status = 201;
                    reply = "{\"status\":\"A\"}";
                }
                byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.createContext("/stock", exchange -> {
                STOCK.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
