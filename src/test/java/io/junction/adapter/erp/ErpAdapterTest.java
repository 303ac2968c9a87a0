package io.junction.adapter.erp;

import static io.junction.support.Still.holdsFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.canonical.Orders;
import io.junction.platform.bus.BusTopology;
import io.junction.platform.bus.EventHeaders;
import io.junction.platform.bus.batch.BatchEndpoint;
import io.junction.support.Fixture;
import io.junction.support.HubTest;
import io.junction.support.ShopifyOrders;
import jakarta.jms.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.Processor;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;

/** The ERP adapter against the real ERP database: staging rows out, status rows back, on H2 and PostgreSQL. */
class ErpAdapterTest extends HubTest {

    @Autowired
    @Qualifier("erpJdbcTemplate")
    JdbcTemplate erp;

    @Autowired
    JmsTemplate jms;

    @Test
    void anOrderIsStagedForTheErpOnceWithItsLinesAndTotals() {
        ShopifyOrders shop = new ShopifyOrders();
        Fixture placed = shop.created("2024-07-01T10:00:00Z");
        String hubOrderId = Orders.hubId("shopify", String.valueOf(shop.orderId));

        deliver(placed);
        deliver(placed);
        deliver(shop.cancelled("2024-07-02T10:00:00Z"));

        await().atMost(Duration.ofSeconds(20)).until(() -> staged(hubOrderId).size() == 2);
        List<Map<String, Object>> rows = staged(hubOrderId);
        Map<String, Object> create = rows.get(0);
        assertThat(create.get("action")).isEqualTo("CREATE");
        assertThat(create.get("currency")).isEqualTo("USD");
        assertThat((java.math.BigDecimal) create.get("total")).isEqualByComparingTo("143.07");
        assertThat(create.get("customer_email")).isEqualTo(shop.email);
        assertThat(create.get("customer_source_id")).isEqualTo(String.valueOf(shop.customerId));
        assertThat(rows.get(1).get("action")).isEqualTo("CANCEL");
        List<Map<String, Object>> lines = erp.queryForList(
                "select sku, quantity, unit_price from erp_order_inbox_line where inbox_id = ? order by line_no",
                create.get("inbox_id"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).get("sku")).isEqualTo("TMH-CHR-M");
        assertThat(lines.get(1).get("quantity")).isEqualTo(2);
        assertThat((java.math.BigDecimal) lines.get(1).get("unit_price")).isEqualByComparingTo("24.50");
    }

    @Test
    void erpStatusRowsMoveTheOrderForwardAndABackOrderIsItsOwnEvent() {
        ShopifyOrders shop = new ShopifyOrders();
        String hubOrderId = stageOrder(shop);
        NotifyBuilder backordered = new NotifyBuilder(camel)
                .fromRoute("customer-view-orders")
                .filter(e -> BatchEndpoint.batchOf(e).stream()
                        .anyMatch(m -> "order.backordered".equals(m.properties().get(EventHeaders.EVENT_TYPE))))
                .whenDone(1)
                .create();

        erpReports(hubOrderId, "A", null, null, null);
        erpReports(hubOrderId, "BO", "waiting for stock", "variant-44012345679002", null);
        erpReports(hubOrderId, "AL", null, null, null);
        erpReports(hubOrderId, "SH", null, null, "SHIP-" + shop.orderId);

        JsonNode order =
                awaitOnlyOrder(shop.email, o -> o.path("status").asText().equals("SHIPPED"));
        assertThat(order.path("statusHistory"))
                .extracting(
                        h -> h.path("status").asText() + "/" + h.path("applied").asBoolean())
                .containsExactly("PLACED/true", "ACCEPTED/true", "BACKORDERED/true", "ALLOCATED/true", "SHIPPED/true");
        assertThat(order.path("statusHistory").get(2).path("note").asText()).isEqualTo("waiting for stock");
        assertThat(order.path("lines").get(0).path("title").asText())
                .as("line titles survive the ERP's report")
                .isNotBlank();
        assertThat(backordered.matches(10, TimeUnit.SECONDS))
                .as("order.backordered published")
                .isTrue();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> erp.queryForObject(
                                "select count(*) from erp_order_status where hub_order_id = ? and processed_at is null",
                                Integer.class,
                                hubOrderId)
                        == 0);
    }

    @Test
    void theErpRejectsAnUnknownSkuAndTheOrderSaysWhy() throws Exception {
        ShopifyOrders shop = new ShopifyOrders();
        Fixture placed = shop.created("2024-07-01T10:00:00Z");
        ObjectNode body = placed.bodyCopy();
        ((ObjectNode) body.withArray("line_items").get(0)).put("sku", "NO-SUCH-SKU");
        camel.getRouteController().startRoute("erp-simulator");
        try {
            deliver(placed.with(Map.of(), body));

            JsonNode order =
                    awaitOnlyOrder(shop.email, o -> o.path("status").asText().equals("REJECTED"));
            JsonNode rejection =
                    order.path("statusHistory").get(order.path("statusHistory").size() - 1);
            assertThat(rejection.path("note").asText()).isEqualTo("unknown SKU NO-SUCH-SKU");
        } finally {
            camel.getRouteController().stopRoute("erp-simulator");
        }
    }

    @Test
    void aStatusRowTheHubCannotReadIsDeadLetteredWithItsReasonAndTheNextRowStillArrives() throws Exception {
        ShopifyOrders shop = new ShopifyOrders();
        String hubOrderId = stageOrder(shop);

        erpReports(hubOrderId, "ZZ", null, null, null);
        erpReports(hubOrderId, "A", null, null, null);

        awaitOnlyOrder(shop.email, o -> o.path("status").asText().equals("ACCEPTED"));
        jms.setReceiveTimeout(10_000);
        Message dead = jms.receive(BusTopology.deadLetterQueueOf("junction.erp.order-status"));
        assertThat(dead).isNotNull();
        assertThat(dead.getStringProperty(EventHeaders.DEAD_LETTER_REASON)).isEqualTo("unknown ERP status code 'ZZ'");
        assertThat(dead.getBody(String.class)).contains(hubOrderId);
    }

    @Test
    void twoPollersPublishEachStatusRowExactlyOnce() throws Exception {
        ShopifyOrders shop = new ShopifyOrders();
        String hubOrderId = stageOrder(shop);
        int rows = 40;
        Set<String> sent = ConcurrentHashMap.newKeySet();
        AtomicInteger sends = new AtomicInteger();
        Processor count = e -> {
            sends.incrementAndGet();
            sent.add(e.getMessage().getHeader(EventHeaders.EVENT_ID, String.class));
        };
        camel.addRouteFromTemplate("erp-status-feed-2", "erp-status-poller", Map.of("instance", "2"));
        for (String poller : List.of("erp-status-feed", "erp-status-feed-2")) {
            AdviceWith.adviceWith(camel, poller, route -> route.weaveByToUri("jms:topic:*")
                    .before()
                    .process(count));
        }
        try {
            for (int i = 0; i < rows; i++) {
                erpReports(hubOrderId, "A", null, null, null);
            }
            Set<String> expected = new java.util.HashSet<>();
            erp.queryForList("select status_id from erp_order_status where hub_order_id = ?", Long.class, hubOrderId)
                    .forEach(id -> expected.add(
                            UUID.nameUUIDFromBytes(("erp-status/" + id + "/status").getBytes(StandardCharsets.UTF_8))
                                    .toString()));

            await().atMost(Duration.ofSeconds(30)).until(() -> sent.containsAll(expected));
            // several more polls of both pollers: nothing may be published again
            holdsFor(Duration.ofSeconds(1), () -> {
                assertThat(sends.get())
                        .as("publications of " + rows + " rows by two pollers")
                        .isEqualTo(rows);
                assertThat(erp.queryForObject(
                                "select count(*) from erp_order_status where hub_order_id = ? and processed_at is null",
                                Integer.class,
                                hubOrderId))
                        .isZero();
            });
        } finally {
            camel.getRouteController().stopRoute("erp-status-feed-2");
            camel.removeRoute("erp-status-feed-2");
        }
    }

    private String stageOrder(ShopifyOrders shop) {
        String hubOrderId = Orders.hubId("shopify", String.valueOf(shop.orderId));
        deliver(shop.created("2024-07-01T10:00:00Z"));
        await().atMost(Duration.ofSeconds(20)).until(() -> staged(hubOrderId).size() == 1);
        awaitOnlyOrder(shop.email, o -> true);
        return hubOrderId;
    }

    private void erpReports(String hubOrderId, String code, String reason, String missingSkus, String shipmentRef) {
        erp.update(
                "insert into erp_order_status (hub_order_id, status_code, reason, missing_skus, expected_date, shipment_ref, status_time) "
                        + "values (?, ?, ?, ?, ?, ?, ?)",
                hubOrderId,
                code,
                reason,
                missingSkus,
                missingSkus == null ? null : LocalDate.now().plusDays(7),
                shipmentRef,
                OffsetDateTime.now(ZoneOffset.UTC));
    }

    private List<Map<String, Object>> staged(String hubOrderId) {
        return erp.queryForList("select * from erp_order_inbox where hub_order_id = ? order by inbox_id", hubOrderId);
    }
}
