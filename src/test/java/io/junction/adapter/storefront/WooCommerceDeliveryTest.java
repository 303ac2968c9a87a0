package io.junction.adapter.storefront;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.canonical.Orders;
import io.junction.support.BusTap;
import io.junction.support.Fixture;
import io.junction.support.HubTest;
import jakarta.jms.ConnectionFactory;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * WooCommerce as it really delivers: each retry of a delivery under a new X-WC-Webhook-Delivery-ID, and an unsigned
 * form-encoded ping when a webhook is created.
 */
class WooCommerceDeliveryTest extends HubTest {

    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L * 1000 + 500);

    @Autowired
    ConnectionFactory broker;

    @Autowired
    @Qualifier("erpJdbcTemplate")
    JdbcTemplate erp;

    @Test
    void aRetryUnderANewDeliveryIdIsOneEventOnTheBusAndOneErpCreate() throws Exception {
        WooOrder woo = new WooOrder();
        Fixture created = woo.delivery("order.created", "processing", "2024-07-01T10:00:00");
        try (BusTap bus = new BusTap(broker, "junction.order")) {
            HttpResponse<String> first = deliver(created);
            HttpResponse<String> retry = deliver(created.with(
                    Map.of("X-WC-Webhook-Delivery-ID", UUID.randomUUID().toString()), created.body()));

            assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
            assertThat(retry.statusCode()).as(retry.body()).isEqualTo(202);
            assertThat(json(retry).path("id").asText())
                    .as("the retry is the same event")
                    .isEqualTo(json(first).path("id").asText());
            List<JsonNode> events = bus.await(e -> e.path("subject").asText().equals(woo.subject()), 0, 2000);
            assertThat(events).as("events on the bus for the order").hasSize(1);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> !staged(woo).isEmpty());
        assertThat(staged(woo)).containsExactly("CREATE");
    }

    @Test
    void aGenuineChangeAfterCreationIsItsOwnEventAndItsRetryIsNot() {
        WooOrder woo = new WooOrder();
        deliver(woo.delivery("order.created", "pending", "2024-07-01T10:00:00"));
        Fixture paid = woo.delivery("order.updated", "processing", "2024-07-01T10:05:00");
        Fixture cancelled = woo.delivery("order.updated", "cancelled", "2024-07-01T11:00:00");

        String paidId = json(deliver(paid)).path("id").asText();
        deliver(paid.with(Map.of("X-WC-Webhook-Delivery-ID", UUID.randomUUID().toString()), paid.body()));
        String cancelledId = json(deliver(cancelled)).path("id").asText();
        deliver(cancelled.with(
                Map.of("X-WC-Webhook-Delivery-ID", UUID.randomUUID().toString()), cancelled.body()));

        assertThat(paidId).isNotEqualTo(cancelledId);
        // one customer's events reach the ERP in order: a doubled UPDATE would be staged before the CANCEL
        await().atMost(Duration.ofSeconds(20)).until(() -> staged(woo).contains("CANCEL"));
        assertThat(staged(woo)).containsExactly("CREATE", "UPDATE", "CANCEL");
        JsonNode order =
                awaitOnlyOrder(woo.email, o -> o.path("status").asText().equals("CANCELLED"));
        assertThat(order.path("statusHistory")).hasSize(2);
    }

    @Test
    void theCreationAndTheUpdateOfOneSaveAreTwoEventsWhicheverComesFirst() {
        WooOrder woo = new WooOrder();
        // one save: WooCommerce sends both topics with the same order data; the update happens to arrive first
        String updated = json(deliver(woo.delivery("order.updated", "processing", "2024-07-01T10:00:00")))
                .path("id")
                .asText();
        String created = json(deliver(woo.delivery("order.created", "processing", "2024-07-01T10:00:00")))
                .path("id")
                .asText();

        assertThat(created).isNotEqualTo(updated);
        await().atMost(Duration.ofSeconds(20)).until(() -> staged(woo).contains("CREATE"));
        assertThat(staged(woo)).containsOnlyOnce("CREATE");
    }

    @Test
    void theWebhookPingIsAnswered200AndCreatesNothing() {
        // only WooCommerce's own rows: the hub's feeds journal what they poll meanwhile
        flushJournal();
        int journalled = count("message_journal where source = 'woocommerce'");
        int orders = count("customer_order");

        HttpResponse<String> ping = post(
                "/webhooks/woocommerce",
                "webhook_id=17".getBytes(StandardCharsets.UTF_8),
                Map.of(
                        "Content-Type",
                        "application/x-www-form-urlencoded",
                        "User-Agent",
                        "WooCommerce/8.9.1 Hookshot (WordPress/6.5.3)"));

        assertThat(ping.statusCode()).as(ping.body()).isEqualTo(200);
        assertThat(ping.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(json(ping).path("webhookId").asText()).isEqualTo("17");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> count("message_journal where source = 'woocommerce'") == journalled + 1);
        assertThat(count("customer_order")).isEqualTo(orders);
    }

    @Test
    void nothingElseGetsPastTheChecksAsAPing() {
        String form = "application/x-www-form-urlencoded";
        // another form field, a ping with more in it, a ping to a dialect that does not ping: not pings, so 415
        assertThat(post(
                                "/webhooks/woocommerce",
                                bytes("webhook_id=17&topic=order.created"),
                                Map.of("Content-Type", form))
                        .statusCode())
                .isEqualTo(415);
        assertThat(post("/webhooks/woocommerce", bytes("order_id=17"), Map.of("Content-Type", form))
                        .statusCode())
                .isEqualTo(415);
        assertThat(post("/webhooks/shopify", bytes("webhook_id=17"), Map.of("Content-Type", form))
                        .statusCode())
                .isEqualTo(415);
        // the ping's body as JSON is a delivery, and an unsigned one
        assertThat(post(
                                "/webhooks/woocommerce",
                                bytes("{\"webhook_id\":17}"),
                                Map.of("X-WC-Webhook-Topic", "order.created", "X-WC-Webhook-Delivery-ID", "d-1"))
                        .statusCode())
                .isEqualTo(401);
    }

    @Test
    void aLooselyWrittenEmailIsAcceptedAndStoredNormalized() {
        WooOrder woo = new WooOrder();
        Fixture order = woo.delivery("order.created", "processing", "2024-07-01T10:00:00");
        ((ObjectNode) order.body().get("billing"))
                .put("email", "  " + woo.email.replace("buyer", "Buyer").replace("example.com", "Example.COM") + " ");

        HttpResponse<String> response = deliver(order);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode customer = awaitCustomer(woo.email, c -> c.path("orders").size() == 1);
        assertThat(customer.path("email").asText()).isEqualTo(woo.email);
        await().atMost(Duration.ofSeconds(20)).until(() -> !staged(woo).isEmpty());
        assertThat(erp.queryForObject(
                        "select customer_email from erp_order_inbox where hub_order_id = ?",
                        String.class,
                        woo.hubOrderId()))
                .isEqualTo(woo.email);
    }

    private List<String> staged(WooOrder woo) {
        return erp.queryForList(
                "select action from erp_order_inbox where hub_order_id = ? order by inbox_id",
                String.class,
                woo.hubOrderId());
    }

    private int count(String table) {
        return jdbc.queryForObject("select count(*) from " + table, Integer.class);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The realistic WooCommerce order fixture as one new order of one new buyer, who shares nothing with other tests'. */
    private static final class WooOrder {
        final long orderId = IDS.incrementAndGet();
        final String email = "woo-buyer-" + orderId + "@example.com";

        String subject() {
            return "order/woocommerce/" + orderId;
        }

        String hubOrderId() {
            return Orders.hubId("woocommerce", String.valueOf(orderId));
        }

        /** The order as of {@code modifiedGmt} (UTC, without zone, as WooCommerce writes it), under a new delivery id. */
        Fixture delivery(String topic, String status, String modifiedGmt) {
            Fixture base = Fixture.storefront("woocommerce", "01-order-created");
            ObjectNode body = base.bodyCopy();
            body.put("id", orderId);
            body.put("number", String.valueOf(orderId));
            body.put("customer_id", orderId);
            body.put("status", status);
            body.put("date_created_gmt", "2024-07-01T10:00:00");
            body.put("date_modified_gmt", modifiedGmt);
            for (ObjectNode address : new ObjectNode[] {body.withObject("billing"), body.withObject("shipping")}) {
                address.remove("phone");
                address.put("last_name", "Woo" + orderId);
                address.put("address_1", orderId + " Test Street");
            }
            body.withObject("billing").put("email", email);
            return base.with(
                    Map.of(
                            "X-WC-Webhook-Topic",
                            topic,
                            "X-WC-Webhook-Delivery-ID",
                            UUID.randomUUID().toString()),
                    body);
        }
    }
}
