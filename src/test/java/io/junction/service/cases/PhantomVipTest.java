package io.junction.service.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.support.BusTap;
import io.junction.support.HubTest;
import io.junction.view.intelligence.CustomerIntelligence;
import io.junction.view.intelligence.IntelligenceProperties;
import jakarta.jms.ConnectionFactory;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue #15, phantom VIPs, in the shape: a fresh hub, 200 orders over 100 customers, the tier thresholds of a
 * ranking of the first 26 customers and no rebalance (as with only the hourly recompute). Orders worth far more than
 * those 26 spent must not make most of the base gold: gold or better never exceeds its share plus the tolerance, and
 * the open account-manager cases are those of the gold-or-better customers. The next full ranking demotes the early
 * VIP: their account-manager and win-back cases are closed ("tier lost"), their VIP welcome withdrawn.
 */
// a fresh hub of its own (the shape): it counts every customer and order in the database
@TestPropertySource(properties = "junction.test.context=phantom-vip")
@DirtiesContext
class PhantomVipTest extends HubTest {

    @Autowired
    CustomerIntelligence intelligence;

    @Autowired
    IntelligenceProperties properties;

    @Autowired
    ConnectionFactory connectionFactory;

    @Test
    void staleThresholdsMakeNoPhantomVipsAndADemotedVipsTierWorkIsWithdrawn() throws Exception {
        TierShares shares = new TierShares(jdbc, properties);
        try (BusTap service = new BusTap(connectionFactory, "junction.service")) {
            // 26 customers, one order each worth 10..60, ranked: thresholds of a base of 26
            for (int i = 0; i < 26; i++) {
                Shopper s = new Shopper(true);
                deliver(s.place(s.newOrderId(), BigDecimal.valueOf(10 + 2 * i), 0));
            }
            awaitOrders(26, shares);
            intelligence.recomputeAll();
            shares.assertAtMost("after the ranking of 26");

            // an early VIP by the stale cuts: 120, ordered 200 days ago → gold and at risk: account manager, welcome,
            // win-back
            Shopper early = new Shopper(true);
            deliver(early.place(early.newOrderId(), new BigDecimal("120"), 200));
            String earlyId = awaitCustomer(
                            early.email, c -> "GOLD".equals(c.path("tier").asText()))
                    .path("id")
                    .asText();
            JsonNode manager = openCase(earlyId, "ACCOUNT_MANAGER");
            assertThat(openCase(earlyId, "WIN_BACK")).isNotNull();
            JsonNode welcome = service.await(
                            e -> "notification.requested".equals(e.path("type").asText())
                                    && earlyId.equals(
                                            e.path("data").path("customerId").asText()),
                            1,
                            0)
                    .get(0);
            assertThat(welcome.path("data").path("template").asText()).isEqualTo("vip-welcome");

            // 173 more orders over 73 newcomers and returning customers, each worth more than any of the first 26 spent
            Random random = new Random(15);
            List<Shopper> shoppers = new ArrayList<>();
            for (int i = 0; i < 173; i++) {
                Shopper s = shoppers.size() < 73
                                && (shoppers.isEmpty() || random.nextBoolean() || 173 - i <= 73 - shoppers.size())
                        ? add(shoppers, new Shopper(true))
                        : shoppers.get(random.nextInt(shoppers.size()));
                deliver(s.place(s.newOrderId(), BigDecimal.valueOf(200 + random.nextInt(5000)), 0));
            }
            awaitOrders(200, shares);
            assertThat(shares.customers()).isEqualTo(100);
            shares.assertAtMost("after 200 orders");
            assertTierCasesMatchTierMembers();

            // the next full ranking: the early VIP is no VIP; what was opened or sent for the tier is withdrawn
            intelligence.recomputeAll();
            shares.assertAtMost("after the ranking of 100");
            shares.assertAtLeast("after the ranking of 100");
            assertThat(awaitCustomer(early.email, c -> true).path("tier").asText())
                    .isIn("IRON", "LEAD");
            JsonNode closed = caseById(manager.path("id").asText());
            assertThat(closed.path("status").asText()).isEqualTo("CLOSED");
            assertThat(closed.path("resolution").asText())
                    .startsWith("tier lost: GOLD → ")
                    .endsWith("(re-ranked)");
            assertThat(openCases("WIN_BACK"))
                    .noneMatch(c -> earlyId.equals(c.path("customerId").asText()));
            JsonNode withdrawn = service.await(
                            e -> "notification.withdrawn".equals(e.path("type").asText())
                                    && earlyId.equals(
                                            e.path("data").path("customerId").asText()),
                            1,
                            0)
                    .get(0);
            assertThat(withdrawn.path("data").path("notificationId").asText())
                    .isEqualTo(welcome.path("id").asText());
            assertThat(withdrawn.path("data").path("reason").asText()).startsWith("tier lost");
            assertThat(jdbc.queryForObject(
                            "select status from service_notification where id = ?",
                            String.class,
                            welcome.path("id").asText()))
                    .isEqualTo("WITHDRAWN");
            assertTierCasesMatchTierMembers();
            assertThat(service.await(
                            e -> "notification.withdrawn".equals(e.path("type").asText())
                                    && welcome.path("id")
                                            .asText()
                                            .equals(e.path("data")
                                                    .path("notificationId")
                                                    .asText()),
                            0,
                            1000))
                    .as("withdrawn once")
                    .isEmpty();
        }
    }

    private static Shopper add(List<Shopper> shoppers, Shopper s) {
        shoppers.add(s);
        return s;
    }

    /** Waits until the hub holds this many orders, checking the tier caps at every poll. */
    private void awaitOrders(int expected, TierShares shares) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    shares.assertAtMost("while orders come in");
                    return jdbc.queryForObject("select count(*) from customer_order", Integer.class) == expected;
                });
    }

    /** One open account-manager case per gold-or-better customer and none for anyone else; win-back only for them too. */
    private void assertTierCasesMatchTierMembers() {
        List<String> vips = jdbc.queryForList(
                "select customer_id from customer_intel where tier in ('GOLD', 'PLATINUM')", String.class);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(openCases("ACCOUNT_MANAGER"))
                    .extracting(c -> c.path("customerId").asText())
                    .containsExactlyInAnyOrderElementsOf(vips);
            assertThat(openCases("WIN_BACK"))
                    .extracting(c -> c.path("customerId").asText())
                    .allMatch(vips::contains);
        });
    }

    private List<JsonNode> openCases(String type) {
        List<JsonNode> found = new ArrayList<>();
        json(getAs(VIEWER, "/api/cases?limit=1000")).forEach(c -> {
            if (type.equals(c.path("type").asText())) {
                found.add(c);
            }
        });
        return found;
    }

    private JsonNode openCase(String customerId, String type) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            found[0] = openCases(type).stream()
                    .filter(c -> customerId.equals(c.path("customerId").asText()))
                    .findFirst()
                    .orElse(null);
            return found[0] != null;
        });
        return found[0];
    }

    private JsonNode caseById(String id) {
        return json(getAs(VIEWER, "/api/cases/" + id));
    }
}
