package io.junction.service.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.junction.support.HubTest;
import io.junction.view.intelligence.IntelligenceProperties;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Issue #15, phantom VIPs: on a fresh hub with the rebalance running as in production, 30 batches of 10 orders over
 * a growing base (new and returning customers, values all over the place). After each batch, and at every poll while
 * it is processed, no tier with those above it holds more than its share of the current base plus the tolerance;
 * once the rebalance has re-ranked, none holds fewer than its share less the tolerance.
 */
@TestPropertySource(properties = "junction.test.rebalance-ms=300")
class TierSharesTest extends HubTest {

    @Autowired
    IntelligenceProperties properties;

    @Test
    void theSharesHoldAfterEachOfManySmallBatches() {
        TierShares shares = new TierShares(jdbc, properties);
        Random random = new Random(15);
        List<Shopper> shoppers = new ArrayList<>();
        int delivered = 0;
        for (int batch = 1; batch <= 30; batch++) {
            for (int i = 0; i < 10; i++) {
                Shopper shopper;
                if (shoppers.isEmpty() || random.nextInt(3) > 0) {
                    shopper = new Shopper(false);
                    shoppers.add(shopper);
                } else {
                    shopper = shoppers.get(random.nextInt(shoppers.size()));
                }
                BigDecimal value = BigDecimal.valueOf(10 + random.nextInt(5000)).add(BigDecimal.valueOf(i, 2));
                assertThat(deliver(shopper.place(shopper.newOrderId(), value, 0))
                                .statusCode())
                        .isEqualTo(202);
                delivered++;
            }
            String when = "after batch " + batch;
            int expected = delivered;
            await().atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        shares.assertAtMost("while batch " + expected / 10 + " is processed");
                        return jdbc.queryForObject("select count(*) from customer_order", Integer.class) == expected;
                    });
            shares.assertAtMost(when);
            await().atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(100))
                    .untilAsserted(() -> {
                        shares.assertAtMost(when);
                        shares.assertAtLeast(when + ", rebalanced");
                    });
        }
        assertThat(shares.customers()).isGreaterThan(150);
        assertThat(shares.atOrAbove()[2]).as("gold or better at the end").isPositive();
    }
}
