package io.junction.adapter.erp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DuplicateKeyException;
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
        String bStaged = handoff.apply(bCreatedBefore);
        String aCreated = event(a, "01-order-created", EventType.ORDER_PLACED, "/storefront/shopify");
        // the update changes the lines, so a header given another's inbox id would show the other's lines
        String aUpdated = event(a, "02-order-updated", EventType.ORDER_UPDATED, "/storefront/shopify", data -> {
            ((ObjectNode) data.path("lines").get(0)).put("quantity", 7);
            ((ArrayNode) data.path("lines")).remove(1);
        });
        String cCancelled = event(c, "03-order-cancelled", EventType.ORDER_CANCELLED, "/storefront/shopify");
        List<String> done = handoff.applyAll(batch(
                aCreated,
                aCreated,
                event(a, "01-order-created", EventType.ORDER_PLACED, "/storefront/shopify"),
                aUpdated,
                event(b, "01-order-created", EventType.ORDER_PLACED, "/storefront/shopify"),
                event(c, "02-order-updated", EventType.ORDER_UPDATED, ErpStatusFeed.SOURCE),
                cCancelled));

        assertThat(done).hasSize(7);
        assertThat(done.get(1)).isEqualTo("event " + id(aCreated) + " already staged");
        assertThat(done.get(2)).contains("CREATE of order shopify/" + a + " already staged by event " + id(aCreated));
        assertThat(done.get(4))
                .contains("CREATE of order shopify/" + b + " already staged by event " + id(bCreatedBefore));
        assertThat(done.get(5)).endsWith("is not for the ERP");
        assertThat(staged(a))
                .containsExactly(
                        row(done.get(0), "CREATE", aCreated, lines(aCreated)),
                        row(done.get(3), "UPDATE", aUpdated, "TMH-CHR-M x 7"));
        assertThat(staged(b)).containsExactly(row(bStaged, "CREATE", bCreatedBefore, lines(bCreatedBefore)));
        assertThat(staged(c)).containsExactly(row(done.get(6), "CANCEL", cCancelled, lines(cCancelled)));
    }

    @Test
    void hubsRacingWithBatchesStageTheCancellationOnceAndALosingBatchRollsBackWhole() throws Exception {
        // a batch that starts after another committed the cancellation finds it and commits too: race again until
        // some batch has lost (taken the unique key at the same moment), which the consumer would split
        int lost = 0;
        for (int round = 0; round < 20 && lost == 0; round++) {
            lost += raceOfBatches(6);
        }
        assertThat(lost).as("batches that lost a race and were split").isPositive();
    }

    /** Hubs each hand off a batch of their own order's creation and the same cancellation at once; how many lost. */
    private int raceOfBatches(int hubs) throws Exception {
        String shared = "race-" + UUID.randomUUID();
        List<List<BusMessage>> batches = new ArrayList<>();
        List<String> ownOrders = new ArrayList<>();
        for (int i = 0; i < hubs; i++) {
            String own = "own-" + UUID.randomUUID();
            ownOrders.add(own);
            batches.add(batch(
                    event(own, "01-order-created", EventType.ORDER_PLACED, "/storefront/shopify"),
                    event(shared, "03-order-cancelled", EventType.ORDER_CANCELLED, "/storefront/shopify")));
        }
        ExecutorService pool = Executors.newFixedThreadPool(hubs);
        CountDownLatch start = new CountDownLatch(1);
        List<Boolean> committed = new ArrayList<>();
        try {
            List<Future<Boolean>> outcomes = new ArrayList<>();
            for (List<BusMessage> batch : batches) {
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        handoff.applyAll(batch);
                        return true;
                    } catch (DuplicateKeyException e) {
                        return false;
                    }
                }));
            }
            start.countDown();
            for (Future<Boolean> outcome : outcomes) {
                committed.add(outcome.get(20, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(committed).as("batches that committed").contains(true);
        for (int i = 0; i < hubs; i++) {
            assertThat(actions(ownOrders.get(i)))
                    .as("a batch that lost the race stages none of its orders")
                    .isEqualTo(committed.get(i) ? List.of("CREATE") : List.of());
            if (!committed.get(i)) {
                // as the consumer's split does: each message of the failed batch alone
                for (BusMessage message : batches.get(i)) {
                    handoff.applyAll(List.of(message));
                }
            }
        }
        for (String own : ownOrders) {
            assertThat(actions(own)).containsExactly("CREATE");
        }
        assertThat(actions(shared)).containsExactly("CANCEL");
        return (int) committed.stream().filter(c -> !c).count();
    }

    private static List<BusMessage> batch(String... events) {
        List<BusMessage> batch = new ArrayList<>();
        for (String event : events) {
            batch.add(new BusMessage(UUID.randomUUID().toString(), event, Map.of()));
        }
        return batch;
    }

    /** An order event of the Shopify fixture's canonical order, under a new event id, for the given order id. */
    private String event(String sourceOrderId, String fixture, EventType type, String source) throws Exception {
        return event(sourceOrderId, fixture, type, source, data -> {});
    }

    private String event(
            String sourceOrderId, String fixture, EventType type, String source, Consumer<ObjectNode> change)
            throws Exception {
        ObjectNode data = (ObjectNode)
                Fixture.storefront("shopify", fixture).expected().path("data").deepCopy();
        data.put("sourceOrderId", sourceOrderId);
        change.accept(data);
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

    /** The event's lines as staged() shows them. */
    private String[] lines(String event) throws Exception {
        List<String> lines = new ArrayList<>();
        for (JsonNode line : json.readTree(event).path("data").path("lines")) {
            lines.add(line.path("sku").asText() + " x " + line.path("quantity").asInt());
        }
        return lines.toArray(String[]::new);
    }

    /** A staged row as staged() shows it: the inbox id the hand-off said, the action, the event, its lines. */
    private String row(String done, String action, String event, String... lines) throws Exception {
        assertThat(done).startsWith(action + " of order ").contains(" staged as ERP inbox row ");
        return done.substring(done.lastIndexOf(' ') + 1) + " " + action + " " + id(event) + " "
                + String.join(", ", lines);
    }

    /** Each staged row of the order: inbox id, action, event, and its lines in order (sku x quantity). */
    private List<String> staged(String sourceOrderId) {
        return erp.queryForList(
                "select cast(i.inbox_id as varchar) || ' ' || i.action || ' ' || i.hub_event_id || ' ' || "
                        + "(select string_agg(l.sku || ' x ' || cast(l.quantity as varchar), ', ' order by l.line_no) "
                        + "from erp_order_inbox_line l where l.inbox_id = i.inbox_id) "
                        + "from erp_order_inbox i where i.hub_order_id = ? order by i.inbox_id",
                String.class,
                Orders.hubId("shopify", sourceOrderId));
    }

    private List<String> actions(String sourceOrderId) {
        return erp.queryForList(
                "select action from erp_order_inbox where hub_order_id = ? order by inbox_id",
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
