package io.junction.service.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.support.BusTap;
import io.junction.support.HubTest;
import io.junction.view.intelligence.CustomerIntelligence;
import jakarta.jms.ConnectionFactory;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The full recompute on a hub of its own (four customers, quarter-sized tiers): it re-ranks everyone the incremental
 * updates left behind and publishes customer.tier-changed for each move; as orders age, a platinum customer becomes at
 * risk, then lapsed, and gets one win-back case.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IntelligenceRecomputeTest extends HubTest {

    @Autowired
    CustomerIntelligence intelligence;

    @Autowired
    ConnectionFactory connectionFactory;

    @DynamicPropertySource
    static void quarters(DynamicPropertyRegistry registry) {
        registry.add("junction.intelligence.tiers.platinum", () -> "0.25");
        registry.add("junction.intelligence.tiers.gold", () -> "0.25");
        registry.add("junction.intelligence.tiers.iron", () -> "0.25");
        registry.add("junction.outbox.sweep-ms", () -> "200");
        // a ranking of a few ms pauses the rebalance for minutes
        registry.add("junction.intelligence.rebalance-max-share", () -> "0.00001");
    }

    /** The rebalance check starts no ranking while the last one's pause lasts, however due one is. */
    @Test
    @Order(2)
    void theRebalanceWaitsOutThePauseAfterARanking() {
        Shopper first = new Shopper(true);
        deliver(first.place(first.newOrderId(), BigDecimal.TEN, 1));
        awaitCustomer(first.email, c -> c.path("lifetimeValue").asInt() == 10);
        intelligence.recomputeAll();
        long ranked = rankedPopulation();
        Shopper next = new Shopper(true);
        deliver(next.place(next.newOrderId(), BigDecimal.TEN, 1));
        awaitCustomer(next.email, c -> c.path("lifetimeValue").asInt() == 10);
        assertThat(ranked)
                .as("a small base: one more customer makes a ranking due")
                .isLessThan(20);

        assertThat(intelligence.rebalance()).isZero();
        assertThat(rankedPopulation()).as("the population of the last ranking").isEqualTo(ranked);
    }

    private long rankedPopulation() {
        return jdbc.queryForObject("select population from intelligence_thresholds where id = 1", Long.class);
    }

    @Test
    @Order(1) // its tiers are ranks among every customer: before the other test adds some
    void theFullRecomputeRanksEveryoneAndFollowsTime() throws Exception {
        try (BusTap customerEvents = new BusTap(connectionFactory, "junction.customer")) {
            List<Shopper> shoppers = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int value : new int[] {10, 20, 30, 40}) {
                Shopper s = new Shopper(true);
                deliver(s.place(s.newOrderId(), BigDecimal.valueOf(value), 10));
                ids.add(awaitCustomer(s.email, c -> c.path("lifetimeValue").asInt() == value)
                        .path("id")
                        .asText());
                shoppers.add(s);
            }
            intelligence.recomputeAll();
            List<String> tiers = shoppers.stream()
                    .map(s -> awaitCustomer(s.email, c -> true).path("tier").asText())
                    .toList();
            assertThat(tiers).containsExactly("LEAD", "IRON", "GOLD", "PLATINUM");
            assertThat(intelligence.recomputeAll()).as("nothing moved since").isZero();
            // the last word on the bus about each customer is their tier now
            List<JsonNode> changes = customerEvents.await(
                    e -> "customer.tier-changed".equals(e.path("type").asText()), 0, 3000);
            for (int i = 1; i < 4; i++) {
                String id = ids.get(i);
                List<JsonNode> own = changes.stream()
                        .filter(e -> id.equals(e.path("data").path("customerId").asText()))
                        .toList();
                assertThat(own).as("tier changes of customer " + i).isNotEmpty();
                assertThat(own.get(own.size() - 1).path("data").path("tier").asText())
                        .isEqualTo(tiers.get(i));
            }

            // time passes: the platinum customer's order is 200 days old → at risk, still platinum → a win-back case
            String platinum = ids.get(3);
            age(platinum, 200);
            intelligence.recomputeAll();
            assertThat(awaitCustomer(shoppers.get(3).email, c -> true)
                            .path("lifecycleStage")
                            .asText())
                    .isEqualTo("AT_RISK");
            JsonNode winBack = winBack(platinum, 1);
            assertThat(winBack.path("priority").asInt()).isEqualTo(1);
            assertThat(Duration.between(
                            OffsetDateTime.parse(winBack.path("createdAt").asText()),
                            OffsetDateTime.parse(winBack.path("dueAt").asText())))
                    .isEqualTo(Duration.ofHours(4));

            // 400 days: lapsed, and no revenue in the trailing year, so lead; the open win-back case is the same
            // problem
            age(platinum, 400);
            intelligence.recomputeAll();
            JsonNode lapsed = awaitCustomer(shoppers.get(3).email, c -> "LAPSED"
                    .equals(c.path("lifecycleStage").asText()));
            assertThat(lapsed.path("tier").asText()).isEqualTo("LEAD");
            JsonNode same = winBack(platinum, 2);
            assertThat(same.path("id").asText()).isEqualTo(winBack.path("id").asText());
            assertThat(same.path("priority").asInt())
                    .as("served as the platinum customer they were")
                    .isEqualTo(1);
        }
    }

    private void age(String customerId, int days) {
        jdbc.update(
                "update customer_order set placed_at = ? where customer_id = ?",
                OffsetDateTime.now(ZoneOffset.UTC).minusDays(days),
                customerId);
    }

    private JsonNode winBack(String customerId, int occurrences) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            List<JsonNode> winBacks = new ArrayList<>();
            json(getAs(VIEWER, "/api/cases?customerId=" + customerId)).forEach(c -> {
                if (c.path("type").asText().equals("WIN_BACK")) {
                    winBacks.add(c);
                }
            });
            assertThat(winBacks).as("one win-back case").hasSizeLessThanOrEqualTo(1);
            found[0] = winBacks.isEmpty() ? null : winBacks.get(0);
            return found[0] != null && found[0].path("occurrences").asInt() == occurrences;
        });
        return found[0];
    }
}
