package io.junction.ops;

import static io.junction.support.Still.holdsFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.support.ShopifyOrders;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A replay runs journaled webhooks through the intake again: same event ids, so nothing happens twice. */
class ReplayTest extends OpsHubTest {

    @Test
    void replayingAnOrdersWebhooksHasNoSecondEffect() throws Exception {
        ShopifyOrders shop = new ShopifyOrders();
        assertThat(deliver(shop.created("2024-07-01T10:00:00Z")).statusCode()).isEqualTo(202);
        assertThat(deliver(shop.updated("2024-07-02T10:00:00Z", "fulfilled")).statusCode())
                .isEqualTo(202);
        JsonNode before = awaitOnlyOrder(
                shop.email, o -> "SHIPPED".equals(o.path("status").asText()));
        String consumed = "select count(*) from message_trail where step = 'customer-view-orders' and event_id in "
                + "(select event_ids from message_journal where entity = ? and replay_of is null)";
        String entity = "order/shopify/" + shop.orderId;
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(consumed, Integer.class, entity) == 2);
        int applied = jdbc.queryForObject("select count(*) from processed_message", Integer.class);

        assertThat(postAs(VIEWER, "/api/ops/replay", "{\"order\": \"" + shop.orderId + "\"}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(postAs(OPERATOR, "/api/ops/replay", "{}").statusCode())
                .as("no range, no entity")
                .isEqualTo(400);
        JsonNode replay = json(postAs(OPERATOR, "/api/ops/replay", "{\"order\": \"" + shop.orderId + "\"}"));

        assertThat(replay.path("replayed").asInt()).isEqualTo(2);
        assertThat(replay.path("results").findValuesAsText("outcome")).containsOnly("accepted");
        // the replays are journaled too, pointing at what they replayed
        flushJournal();
        assertThat(jdbc.queryForObject(
                        "select count(*) from message_journal where entity = ? and replay_of is not null",
                        Integer.class,
                        entity))
                .isEqualTo(2);
        // the same event ids: the broker drops the sends and no consumer applies anything (give them a moment to prove
        // it)
        holdsFor(Duration.ofSeconds(2), () -> {
            assertThat(jdbc.queryForObject(consumed, Integer.class, entity)).isEqualTo(2);
            assertThat(jdbc.queryForObject("select count(*) from processed_message", Integer.class))
                    .isEqualTo(applied);
        });
        JsonNode after = awaitOnlyOrder(shop.email, o -> true);
        assertThat(after.path("status").asText()).isEqualTo("SHIPPED");
        assertThat(after.path("statusHistory")).hasSameSizeAs(before.path("statusHistory"));
    }
}
