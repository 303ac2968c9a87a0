package io.junction.adapter.erp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.canonical.CloudEvent;
import io.junction.canonical.EventType;
import io.junction.canonical.Orders;
import io.junction.platform.bus.batch.BusMessage;
import io.junction.support.Fixture;
import io.junction.support.HubTest;
import io.junction.support.ShopifyOrders;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

/** One ERP action per real change: an order's CREATE and CANCEL are staged once, whatever duplicates arrive. */
class ErpOneActionPerChangeTest extends HubTest {

    @Autowired
    @Qualifier("erpJdbcTemplate")
    JdbcTemplate erp;

    @Autowired
    ErpOrderHandoff handoff;

    @Autowired
    ObjectMapper json;

    @Test
    void shopifysUpdateOfACancelledOrderAndItsCancellationStageOneCancelAndAGenuineUpdateStillGoes() {
        ShopifyOrders shop = new ShopifyOrders();
        Fixture cancelled = shop.cancelled("2024-07-02T10:00:00Z");
        // Shopify reports a cancellation twice: orders/updated (cancelled_at set, so order.cancelled) and
        // orders/cancelled
        Fixture updatedCancelled = cancelled.with(
                Map.of(
                        "X-Shopify-Topic",
                        "orders/updated",
                        "X-Shopify-Webhook-Id",
                        UUID.randomUUID().toString()),
                cancelled.body());
        for (Fixture delivery : List.of(
                shop.created("2024-07-01T10:00:00Z"),
                shop.updated("2024-07-01T12:00:00Z", null),
                updatedCancelled,
                cancelled)) {
            assertThat(deliver(delivery).statusCode()).isEqualTo(202);
        }

        // the consumer takes batches, so count the staged actions, not exchanges: the three, and nothing more for a
        // while
        String hubOrderId = Orders.hubId("shopify", String.valueOf(shop.orderId));
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(30))
                .during(java.time.Duration.ofSeconds(2))
                .until(
                        () -> erp.queryForList(
                                "select action from erp_order_inbox where hub_order_id = ? order by inbox_id",
                                String.class,
                                hubOrderId),
                        actions -> actions.equals(List.of("CREATE", "UPDATE", "CANCEL")));
    }

    @Test
    void aBatchStagesEachNewChangeOnceWithItsOwnLinesWhateverRepeatsItOrCameBefore() throws Exception {
        String a = "batch-a-" + UUID.randomUUID();
        String b = "batch-b-" + UUID.randomUUID();
        String c = "batch-c-" + UUID.randomUUID();
        String bCreatedBefore = event(b, "01-order-created", EventType.ORDER_PLACED, "/storefront/shopify");
        assertThat(handoff.apply(bCreatedBefore)).contains("staged as ERP inbox row");
        String aCreated = event(a, "01-order-created", EventType.ORDER_PLACED, "/storefront/shopify");
        List<String> texts = List.of(
                aCreated,
                aCreated,
                event(a, "01-order-created", EventType.ORDER_PLACED, "/storefront/shopify"),
                event(a, "02-order-updated", EventType.ORDER_UPDATED, "/storefront/shopify"),
                event(b, "01-order-created", EventType.ORDER_PLACED, "/storefront/shopify"),
                event(c, "02-order-updated", EventType.ORDER_UPDATED, ErpStatusFeed.SOURCE),
                event(c, "03-order-cancelled", EventType.ORDER_CANCELLED, "/storefront/shopify"));
        List<BusMessage> batch = new ArrayList<>();
        for (String text : texts) {
            batch.add(new BusMessage(UUID.randomUUID().toString(), text, Map.of()));
        }

        List<String> done = handoff.applyAll(batch);

        assertThat(done).hasSize(7);
        assertThat(done.get(0)).startsWith("CREATE of order shopify/" + a + " staged as ERP inbox row");
        assertThat(done.get(1)).endsWith(" already staged");
        assertThat(done.get(2)).contains("CREATE of order shopify/" + a + " already staged by event");
        assertThat(done.get(3)).startsWith("UPDATE of order shopify/" + a + " staged as ERP inbox row");
        assertThat(done.get(4)).endsWith("is no new change for the ERP");
        assertThat(done.get(5)).endsWith("is not for the ERP");
        assertThat(done.get(6)).startsWith("CANCEL of order shopify/" + c + " staged as ERP inbox row");
        assertThat(staged(a)).containsExactly("CREATE " + id(aCreated) + " 1,2", "UPDATE " + id(texts.get(3)) + " 1,2");
        assertThat(staged(b)).containsExactly("CREATE " + id(bCreatedBefore) + " 1,2");
        assertThat(staged(c)).containsExactly("CANCEL " + id(texts.get(6)) + " 1");
    }

    /** An order event of the Shopify fixture's canonical order, under a new event id, for the given order id. */
    private String event(String sourceOrderId, String fixture, EventType type, String source) throws Exception {
        ObjectNode data = (ObjectNode)
                Fixture.storefront("shopify", fixture).expected().path("data").deepCopy();
        data.put("sourceOrderId", sourceOrderId);
        return json.writeValueAsString(CloudEvent.of(
                UUID.randomUUID().toString(),
                source,
                type,
                "order/shopify/" + sourceOrderId,
                OffsetDateTime.now(ZoneOffset.UTC),
                data));
    }

    private String id(String event) throws Exception {
        return json.readTree(event).path("id").asText();
    }

    /** Each staged row of the order: its action, event and line numbers. */
    private List<String> staged(String sourceOrderId) {
        return erp.queryForList(
                "select i.action || ' ' || i.hub_event_id || ' ' || (select string_agg(cast(l.line_no as varchar), ',' "
                        + "order by l.line_no) from erp_order_inbox_line l where l.inbox_id = i.inbox_id) "
                        + "from erp_order_inbox i where i.hub_order_id = ? order by i.inbox_id",
                String.class,
                Orders.hubId("shopify", sourceOrderId));
    }

    @Test
    void twoHubsHandingOffTheSameCancellationAtOnceStageItOnce() throws Exception {
        String sourceOrderId = "race-" + UUID.randomUUID();
        JsonNode data = Fixture.storefront("shopify", "03-order-cancelled")
                .expected()
                .path("data")
                .deepCopy();
        ((ObjectNode) data).put("sourceOrderId", sourceOrderId);
        int hubs = 6;
        List<String> events = new ArrayList<>();
        for (int i = 0; i < hubs; i++) {
            events.add(json.writeValueAsString(CloudEvent.of(
                    UUID.randomUUID().toString(),
                    "/storefront/shopify",
                    EventType.ORDER_CANCELLED,
                    "order/shopify/" + sourceOrderId,
                    OffsetDateTime.now(ZoneOffset.UTC),
                    data)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(hubs);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<String>> outcomes = new ArrayList<>();
            for (String event : events) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    return handoff.apply(event);
                }));
            }
            start.countDown();
            for (Future<String> outcome : outcomes) {
                assertThat(outcome.get(20, TimeUnit.SECONDS))
                        .as("every hand-off settles without an error")
                        .isNotBlank();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(erp.queryForList(
                        "select action from erp_order_inbox where hub_order_id = ?",
                        String.class,
                        Orders.hubId("shopify", sourceOrderId)))
                .containsExactly("CANCEL");
    }
}
