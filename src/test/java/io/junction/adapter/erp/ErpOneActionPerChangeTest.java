package io.junction.adapter.erp;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.canonical.CloudEvent;
import io.junction.canonical.EventType;
import io.junction.canonical.Orders;
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
