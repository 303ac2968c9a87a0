package io.junction.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.support.Fixture;
import io.junction.support.ShopifyOrders;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** "Did we receive order X, and what happened to it?" answered from the journal, refusals included. */
class MessageJournalTest extends OpsHubTest {

    @Autowired
    MessageJournal journal;

    @Autowired
    JournalRows rows;

    @Autowired
    DataSource dataSource;

    @Test
    void theJournalShowsAnOrdersWayThroughTheHub() {
        ShopifyOrders shop = new ShopifyOrders();
        Fixture created = shop.created("2024-07-01T10:00:00Z");
        assertThat(deliver(created).statusCode()).isEqualTo(202);
        // the same order again, with a forged signature: refused, and journaled as such
        Fixture forged = shop.updated("2024-07-01T11:00:00Z", "fulfilled");
        assertThat(post(
                                forged.path(),
                                forged.body().toString().getBytes(StandardCharsets.UTF_8),
                                forged.headers(),
                                "X-Shopify-Hmac-Sha256",
                                "Zm9yZ2Vk")
                        .statusCode())
                .isEqualTo(401);

        JsonNode accepted = awaitEntry(
                "/api/ops/journal?order=" + shop.orderId,
                e -> "accepted".equals(e.path("outcome").asText())
                        && e.path("trail").size() >= 2);
        assertThat(accepted.path("source").asText()).isEqualTo("shopify");
        assertThat(accepted.path("messageType").asText()).isEqualTo("orders/create");
        assertThat(accepted.path("messageId").asText())
                .isEqualTo(created.headers().get("X-Shopify-Webhook-Id"));
        assertThat(accepted.path("eventType").asText()).isEqualTo("order.placed");
        assertThat(accepted.path("entity").asText()).isEqualTo("order/shopify/" + shop.orderId);
        assertThat(accepted.path("sizeBytes").asInt())
                .isEqualTo(created.body().toString().getBytes(StandardCharsets.UTF_8).length);
        assertThat(accepted.path("trail").findValuesAsText("step"))
                .contains("customer-view-orders", "erp-order-handoff");
        assertThat(accepted.path("trail").findValuesAsText("outcome")).containsOnly("processed");

        JsonNode refused =
                awaitEntry("/api/ops/journal?messageId=" + forged.headers().get("X-Shopify-Webhook-Id"), e -> true);
        assertThat(refused.path("outcome").asText()).isEqualTo("refused");
        assertThat(refused.path("detail").asText()).startsWith("401");
        assertThat(refused.path("eventIds")).isEmpty();
        // the payload is there for an operator who asks for it
        assertThat(json(getAs(
                                VIEWER,
                                "/api/ops/journal?payload=true&messageId="
                                        + forged.headers().get("X-Shopify-Webhook-Id")))
                        .get(0)
                        .path("payload")
                        .asText())
                .isEqualTo(forged.body().toString());
    }

    @Test
    void payloadsOlderThanTheRetentionArePurgedAndTheEntriesStay() {
        ShopifyOrders shop = new ShopifyOrders();
        Fixture created = shop.created("2024-07-01T10:00:00Z");
        assertThat(deliver(created).statusCode()).isEqualTo(202);
        String deliveryId = created.headers().get("X-Shopify-Webhook-Id");
        awaitEntry("/api/ops/journal?messageId=" + deliveryId, e -> true);
        jdbc.update(
                "update message_journal set received_at = ? where message_id = ?",
                OffsetDateTime.now().minusDays(30),
                deliveryId);

        assertThat(journal.purgePayloads()).isPositive();

        Map<String, Object> row = jdbc.queryForMap(
                "select payload, replay_uri, outcome from message_journal where message_id = ?", deliveryId);
        assertThat(row.get("payload")).isNull();
        assertThat(row.get("replay_uri")).isNull();
        assertThat(row.get("outcome")).isEqualTo("accepted");
    }

    @Test
    void theJournalFiltersByCorrelationIdAndRefusesAnUnknownFilter() {
        ShopifyOrders shop = new ShopifyOrders();
        Fixture created = shop.created("2024-07-01T10:00:00Z");
        assertThat(deliver(created).statusCode()).isEqualTo(202);
        String deliveryId = created.headers().get("X-Shopify-Webhook-Id");

        JsonNode entry = awaitEntry("/api/ops/journal?correlationId=" + deliveryId, e -> true);
        assertThat(entry.path("correlationId").asText()).isEqualTo(deliveryId);
        assertThat(json(getAs(VIEWER, "/api/ops/journal?correlationId=no-such-" + deliveryId)))
                .as("a filter, not ignored")
                .isEmpty();

        var unknown = getAs(VIEWER, "/api/ops/journal?orderId=" + shop.orderId + "&limit=5");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(unknown).path("detail").asText()).contains("orderId");
        assertThat(json(unknown).path("errors").findValuesAsText("field")).containsExactly("orderId");
    }

    @Test
    void aRowTheDatabaseRefusesIsDroppedAloneAndTheJournalGoesOn() {
        String event = UUID.randomUUID().toString();
        OffsetDateTime at = OffsetDateTime.now();
        rows.add(MessageJournal.TRAIL_INSERT, event, at, "first", "processed", null, null);
        // longer than the event_id column (64 characters): every database refuses it
        rows.add(MessageJournal.TRAIL_INSERT, event + "-".repeat(64), at, "refused", "processed", null, null);
        rows.add(MessageJournal.TRAIL_INSERT, event, at, "third", "processed", null, null);

        rows.flush();
        assertThat(steps(event)).containsExactly("first", "third");

        rows.add(MessageJournal.TRAIL_INSERT, event, at, "fourth", "processed", null, null);
        rows.flush();
        assertThat(steps(event)).containsExactly("first", "third", "fourth");
    }

    @Test
    void whileTheDatabaseIsAwayTheRowsWaitAndAreWrittenOnceItIsBack() throws Exception {
        Switchable database = new Switchable(dataSource);
        JournalRows rows = unflushed(database, JournalRows.MAX_WAITING_CHARS);
        String event = UUID.randomUUID().toString();
        database.away = true;
        for (String step : List.of("first", "second", "third")) {
            rows.add(MessageJournal.TRAIL_INSERT, event, OffsetDateTime.now(), step, "processed", null, null);
        }

        assertThatThrownBy(rows::flush).as("no connection, no transaction").isInstanceOf(RuntimeException.class);
        assertThat(steps(event)).isEmpty();

        database.away = false;
        rows.stop();
        assertThat(steps(event)).containsExactly("first", "second", "third");
    }

    @Test
    void atMostItsBoundOfTextWaitsTheRestIsDropped() throws Exception {
        String event = UUID.randomUUID().toString();
        OffsetDateTime at = OffsetDateTime.now();
        // a trail row of these values counts 142 characters (64 for the row, 8 for each value not text): room for 10
        JournalRows rows = unflushed(new Switchable(dataSource), 142 * 10);
        for (int i = 0; i < 15; i++) {
            rows.add(MessageJournal.TRAIL_INSERT, event, at, "step-%04d".formatted(i), "processed", null, null);
        }

        rows.stop();

        assertThat(steps(event)).hasSize(10).startsWith("step-0000").endsWith("step-0009");
    }

    /** A writer of its own that writes when told (flush, stop), over {@code database}. */
    private static JournalRows unflushed(DataSource database, long maxWaitingChars) {
        return new JournalRows(
                new JdbcTemplate(database),
                new TransactionTemplate(new DataSourceTransactionManager(database)),
                Duration.ofHours(1).toMillis(),
                maxWaitingChars);
    }

    /** The hub's database, which a test can take away: no connection while {@code away}. */
    private static final class Switchable extends DelegatingDataSource {
        volatile boolean away;

        Switchable(DataSource database) {
            super(database);
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (away) {
                throw new SQLException("the database is away");
            }
            return super.getConnection();
        }
    }

    private List<String> steps(String event) {
        return jdbc.queryForList("select step from message_trail where event_id = ? order by id", String.class, event);
    }

    private JsonNode awaitEntry(String query, java.util.function.Predicate<JsonNode> ready) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    for (JsonNode entry : json(getAs(VIEWER, query))) {
                        if (ready.test(entry)) {
                            found[0] = entry;
                            return true;
                        }
                    }
                    return false;
                });
        return found[0];
    }
}
