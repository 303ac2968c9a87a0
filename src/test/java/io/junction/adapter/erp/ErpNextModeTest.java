package io.junction.adapter.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.adapter.erp.erpnext.ErpNextOrders;
import io.junction.adapter.erp.erpnext.ErpNextStatusFeed;
import io.junction.canonical.Orders;
import io.junction.platform.bus.EventHeaders;
import io.junction.platform.jobs.InstanceId;
import io.junction.platform.jobs.JobLease;
import io.junction.support.BusTap;
import io.junction.support.Fixture;
import io.junction.support.HubTest;
import io.junction.support.ShopifyOrders;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * junction.erp.mode=erpnext against a stand-in ERPNext on a real HTTP server that speaks Frappe's REST API
 * (StubErpNext): orders become Customers and Sales Orders once, cancellations cancel, Sales Order statuses, Delivery
 * Notes and Bins come back as canonical events once, ERPNext's refusals and outages are dead-lettered or retried, and
 * a refused API token shows in readiness.
 */
class ErpNextModeTest extends HubTest {

    private static final StubErpNext ERPNEXT = new StubErpNext();

    @Autowired
    ErpNextOrders orders;

    @Autowired
    ErpNextStatusFeed statusFeed;

    @Autowired
    ConnectionFactory connectionFactory;

    @Autowired
    JmsTemplate jms;

    @DynamicPropertySource
    static void erpnextMode(DynamicPropertyRegistry registry) {
        registry.add("junction.erp.mode", () -> "erpnext");
        registry.add("junction.erp.table-feeds", () -> "false");
        registry.add("junction.erp.erpnext.feeds", () -> "true");
        registry.add("junction.erp.erpnext.url", ERPNEXT::url);
        registry.add("junction.erp.erpnext.api-key", () -> StubErpNext.KEY);
        registry.add("junction.erp.erpnext.api-secret", () -> StubErpNext.SECRET);
        registry.add("junction.erp.erpnext.poll-ms", () -> "200");
        registry.add("junction.redelivery.initial-delay-ms", () -> "50");
    }

    @AfterAll
    static void stop() {
        ERPNEXT.stop();
    }

    @Test
    void anOrderBecomesOneCustomerAndOneSubmittedSalesOrderAndARedeliveryNone() throws Exception {
        ShopifyOrders shop = new ShopifyOrders();
        String ref = Orders.hubId("shopify", String.valueOf(shop.orderId));
        String placedEvent;
        try (BusTap tap = new BusTap(connectionFactory, "junction.order")) {
            deliver(shop.created("2024-07-01T10:00:00Z"));
            placedEvent = JSON.writeValueAsString(tap.await(
                            e -> e.path("type").asText().equals("order.placed")
                                    && e.at("/data/sourceOrderId").asText().equals(String.valueOf(shop.orderId)),
                            1,
                            0)
                    .get(0));
        }

        // ERPNext's Sales Order status comes back: To Deliver and Bill → ACCEPTED
        JsonNode order =
                awaitOnlyOrder(shop.email, o -> o.path("status").asText().equals("ACCEPTED"));
        assertThat(order.path("statusHistory").toString()).contains("To Deliver and Bill");
        List<ObjectNode> salesOrders = salesOrders(ref);
        assertThat(salesOrders).hasSize(1);
        ObjectNode so = salesOrders.get(0);
        assertThat(so.path("docstatus").asInt()).as("submitted").isEqualTo(1);
        assertThat(so.path("transaction_date").asText())
                .isEqualTo(java.time.OffsetDateTime.parse(
                                JSON.readTree(placedEvent).at("/data/placedAt").asText())
                        .atZoneSameInstant(ZoneOffset.UTC)
                        .toLocalDate()
                        .toString());
        assertThat(so.path("delivery_date").asText())
                .isEqualTo(LocalDate.parse(so.path("transaction_date").asText())
                        .plusDays(7)
                        .toString());
        assertThat(so.path("items")).hasSize(2);
        assertThat(so.path("items").get(0).path("item_code").asText()).isEqualTo("TMH-CHR-M");
        assertThat(so.path("items").get(1).path("qty").asInt()).isEqualTo(2);
        assertThat(so.path("items").get(1).path("rate").decimalValue()).isEqualByComparingTo("24.5");
        List<StubErpNext.Request> customerPosts = ERPNEXT.requests("POST", "/api/resource/Customer").stream()
                .filter(r -> r.body().path("email_id").asText().equals(shop.email))
                .toList();
        assertThat(customerPosts).hasSize(1);
        assertThat(so.path("customer").asText())
                .isEqualTo(customerPosts.get(0).body().path("customer_name").asText());
        assertThat(customerPosts.get(0).authorization()).isEqualTo("token test-key:test-secret");
        // the Sales Order was looked up by po_no before it was made
        assertThat(ERPNEXT.requests("GET", "/api/resource/Sales Order").stream()
                        .anyMatch(r ->
                                r.query().getOrDefault("filters", "").equals("[[\"po_no\",\"=\",\"" + ref + "\"]]")))
                .isTrue();

        // the same event again (a redelivery after a crash): found by po_no, nothing created
        String again = orders.apply(placedEvent);

        assertThat(again).contains("already");
        assertThat(salesOrders(ref)).hasSize(1);
        assertThat(ERPNEXT.requests("POST", "/api/resource/Customer").stream()
                        .filter(r -> r.body().path("email_id").asText().equals(shop.email)))
                .hasSize(1);
    }

    @Test
    void aCancellationCancelsTheSalesOrderOnce() {
        ShopifyOrders shop = new ShopifyOrders();
        String ref = Orders.hubId("shopify", String.valueOf(shop.orderId));
        Fixture cancelled = shop.cancelled("2024-07-02T10:00:00Z");

        deliver(shop.created("2024-07-01T10:00:00Z"));
        await().atMost(Duration.ofSeconds(20)).until(() -> salesOrders(ref).size() == 1);
        deliver(cancelled);
        deliver(cancelled.with(
                Map.of("X-Shopify-Webhook-Id", java.util.UUID.randomUUID().toString()), cancelled.body()));

        String name = salesOrders(ref).get(0).path("name").asText();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> salesOrders(ref).get(0).path("docstatus").asInt() == 2);
        assertThat(salesOrders(ref).get(0).path("status").asText()).isEqualTo("Cancelled");
        await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertThat(ERPNEXT.requests("POST", "/api/method/frappe.client.cancel").stream()
                        .filter(r -> r.body().path("name").asText().equals(name)))
                .hasSize(1);
        awaitOnlyOrder(shop.email, o -> o.path("status").asText().equals("CANCELLED"));
    }

    @Test
    void aStatusChangeAndADeliveryNoteWithTrackingArePublishedOnce() throws Exception {
        ShopifyOrders shop = new ShopifyOrders();
        String ref = Orders.hubId("shopify", String.valueOf(shop.orderId));
        String tracking = "1Z" + shop.orderId;
        deliver(shop.created("2024-07-01T10:00:00Z"));
        awaitOnlyOrder(shop.email, o -> o.path("status").asText().equals("ACCEPTED"));
        String so = salesOrders(ref).get(0).path("name").asText();

        try (BusTap orderTap = new BusTap(connectionFactory, "junction.order");
                BusTap shipmentTap = new BusTap(connectionFactory, "junction.shipment")) {
            LocalDateTime shippedAt =
                    LocalDateTime.now(ZoneOffset.UTC).minusMinutes(5).withNano(0);
            // the warehouse ships: a submitted Delivery Note against the Sales Order, which turns To Bill
            ObjectNode note = JSON.createObjectNode()
                    .put("name", "MAT-DN-" + shop.orderId)
                    .put("docstatus", 1)
                    .put("status", "To Bill")
                    .put("lr_no", tracking)
                    .put("transporter_name", "UPS")
                    .put("posting_date", shippedAt.toLocalDate().toString())
                    .put("posting_time", shippedAt.toLocalTime().toString())
                    .put("set_warehouse", "Stores - JN");
            note.putArray("items")
                    .addObject()
                    .put("item_code", "TMH-CHR-M")
                    .put("qty", 1.0)
                    .put("against_sales_order", so);
            ERPNEXT.put("Delivery Note", note);
            ERPNEXT.change("Sales Order", so, Map.of("status", "To Bill", "per_delivered", 100));

            List<JsonNode> shipped = orderTap.await(
                    e -> e.at("/data/sourceOrderId").asText().equals(String.valueOf(shop.orderId))
                            && e.at("/data/status").asText().equals("SHIPPED"),
                    1,
                    0);
            List<JsonNode> shipments =
                    shipmentTap.await(e -> e.at("/data/trackingNumber").asText().equals(tracking), 1, 0);
            assertThat(shipments.get(0).path("type").asText()).isEqualTo("shipment.updated");
            assertThat(shipped).hasSize(1);
            assertThat(shipped.get(0).path("source").asText()).isEqualTo("/erp/erpnext");
            JsonNode shipment = shipments.get(0).path("data");
            assertThat(shipment.path("shipmentRef").asText()).isEqualTo("MAT-DN-" + shop.orderId);
            assertThat(shipment.path("carrier").asText()).isEqualTo("ups");
            assertThat(shipment.path("status").asText()).isEqualTo("PICKED_UP");
            assertThat(shipment.at("/order/sourceOrderId").asText()).isEqualTo(String.valueOf(shop.orderId));

            // polled again (the Sales Order touched, same status), and a second hub polling at once: nothing more
            ERPNEXT.change("Sales Order", so, Map.of("per_billed", 0));
            JobLease otherHub = new JobLease(jdbc, new InstanceId("other-hub", "0"), Clock.systemUTC());
            otherHub.start();
            assertThat(otherHub.acquire("erpnext-feeds", Duration.ofMinutes(1)))
                    .as("the feeds' routes run under this hub's lease: the other hub does not get them")
                    .isFalse();
            assertThat(statusFeed.orders())
                    .as("this hub's next poll: the touched Sales Order is no news")
                    .isEmpty();
            assertThat(orderTap.await(
                            e -> e.at("/data/sourceOrderId").asText().equals(String.valueOf(shop.orderId))
                                    && e.path("source").asText().startsWith("/erp"),
                            0,
                            2000))
                    .isEmpty();
            assertThat(shipmentTap.await(
                            e -> e.at("/data/trackingNumber").asText().equals(tracking), 0, 1000))
                    .isEmpty();
        }
        JsonNode order =
                awaitOnlyOrder(shop.email, o -> o.path("status").asText().equals("SHIPPED"));
        assertThat(order.path("statusHistory")).hasSize(3);
    }

    @Test
    void aChangedBinIsOneInventoryEvent() throws Exception {
        String item = "BIN-" + System.nanoTime();
        try (BusTap tap = new BusTap(connectionFactory, "junction.inventory")) {
            ObjectNode bin = JSON.createObjectNode()
                    .put("name", item + "-bin")
                    .put("item_code", item)
                    .put("warehouse", "Stores - JN")
                    .put("actual_qty", 12.0)
                    .put("reserved_qty", 2.0)
                    .put("projected_qty", 10.0);
            ERPNEXT.put("Bin", bin);

            List<JsonNode> levels = tap.await(e -> e.at("/data/sku").asText().equals(item), 1, 0);
            assertThat(levels).hasSize(1);
            assertThat(levels.get(0).at("/data/location").asText()).isEqualTo("Stores - JN");
            assertThat(levels.get(0).at("/data/onHand").asInt()).isEqualTo(12);
            assertThat(levels.get(0).at("/data/available").asInt()).isEqualTo(10);

            // modified again with the same quantities: no event; then a real change: one
            ERPNEXT.change("Bin", item + "-bin", Map.of("projected_qty", 9.0));
            assertThat(tap.await(e -> e.at("/data/sku").asText().equals(item), 0, 1500))
                    .isEmpty();
            ERPNEXT.change("Bin", item + "-bin", Map.of("actual_qty", 11.0));
            List<JsonNode> changed = tap.await(e -> e.at("/data/sku").asText().equals(item), 1, 0);
            assertThat(changed).hasSize(1);
            assertThat(changed.get(0).at("/data/onHand").asInt()).isEqualTo(11);
        }
    }

    @Test
    void anUnknownItemIsDeadLetteredWithAReasonNamingIt() throws Exception {
        ShopifyOrders shop = new ShopifyOrders();
        Fixture placed = shop.created("2024-07-01T10:00:00Z");
        ObjectNode body = placed.bodyCopy();
        ((ObjectNode) body.withArray("line_items").get(0)).put("sku", StubErpNext.UNKNOWN_ITEM);

        deliver(placed.with(Map.of(), body));

        Message dead = deadLetter(String.valueOf(shop.orderId));
        String reason = dead.getStringProperty(EventHeaders.DEAD_LETTER_REASON);
        assertThat(reason)
                .contains("ERPNext refused the CREATE of order shopify/" + shop.orderId)
                .contains("Could not find Row #1: Item Code: " + StubErpNext.UNKNOWN_ITEM)
                .contains("LinkValidationError")
                .doesNotContain("<strong>");
        assertThat(salesOrders(Orders.hubId("shopify", String.valueOf(shop.orderId))))
                .isEmpty();
    }

    @Test
    void anErpNextOutageIsRetriedAndThenTheOrderGoesThroughOnce() {
        ShopifyOrders shop = new ShopifyOrders();
        String ref = Orders.hubId("shopify", String.valueOf(shop.orderId));
        ERPNEXT.outages.set(2);

        deliver(shop.created("2024-07-01T10:00:00Z"));

        await().atMost(Duration.ofSeconds(20)).until(() -> salesOrders(ref).size() == 1);
        assertThat(ERPNEXT.requests("POST", "/api/resource/Sales Order").stream()
                        .filter(r -> r.body().path("po_no").asText().equals(ref)))
                .as("two refused by the outage, then the one made")
                .hasSize(3);
        awaitOnlyOrder(shop.email, o -> o.path("status").asText().equals("ACCEPTED"));
    }

    @Test
    void aRefusedTokenMakesTheHubUnreadyWithTheReason() {
        ERPNEXT.acceptedToken.set("token rotated:elsewhere");
        try {
            JsonNode readiness = json(get("/actuator/health/readiness"));
            assertThat(readiness.path("status").asText()).isEqualTo("DOWN");
            assertThat(readiness.at("/components/erpnext/status").asText()).isEqualTo("DOWN");
            assertThat(readiness.at("/components/erpnext/details/detail").asText())
                    .contains("ERPNext refused the API key and secret (HTTP 401")
                    .contains("Invalid Authorization token");
        } finally {
            ERPNEXT.acceptedToken.set("token " + StubErpNext.KEY + ":" + StubErpNext.SECRET);
        }
        assertThat(json(get("/actuator/health/readiness"))
                        .at("/components/erpnext/status")
                        .asText())
                .isEqualTo("UP");
    }

    private static List<ObjectNode> salesOrders(String ref) {
        return ERPNEXT.all("Sales Order").stream()
                .filter(d -> d.path("po_no").asText().equals(ref))
                .toList();
    }

    private Message deadLetter(String orderId) throws Exception {
        jms.setReceiveTimeout(500);
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            Message message = jms.receive(topology.queue("order", "erp").deadLetterQueue());
            if (message != null && message.getBody(String.class).contains("\"sourceOrderId\":\"" + orderId + "\"")) {
                return message;
            }
        }
        throw new AssertionError("no dead letter for order " + orderId);
    }
}
