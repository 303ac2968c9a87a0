package io.junction.service.cases;

import static org.assertj.core.api.Assertions.assertThat;

import io.junction.view.intelligence.IntelligenceCalculator;
import io.junction.view.intelligence.IntelligenceProperties;
import io.junction.view.intelligence.Tier;
import io.junction.view.intelligence.TierCaps;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;

/** The hub's tiers as stored (customer_intel against every customer), checked against the stated tolerance (TierCaps). */
final class TierShares {

    private final JdbcTemplate jdbc;
    private final TierCaps caps;

    TierShares(JdbcTemplate jdbc, IntelligenceProperties properties) {
        this.jdbc = jdbc;
        this.caps = new IntelligenceCalculator(properties).caps();
    }

    long customers() {
        return jdbc.queryForObject("select count(*) from customer", Long.class);
    }

    /** Customers at or above each tier (index = level: 1 iron, 2 gold, 3 platinum). */
    long[] atOrAbove() {
        Map<String, Long> byTier = new HashMap<>();
        jdbc.query("select tier, count(*) from customer_intel group by tier", rs -> {
            byTier.put(rs.getString(1), rs.getLong(2));
        });
        long[] counts = new long[4];
        for (Tier tier : Tier.values()) {
            for (int level = 0; level <= tier.level(); level++) {
                counts[level] += byTier.getOrDefault(tier.name(), 0L);
            }
        }
        return counts;
    }

    /** No tier (with those above it) holds more than its share of the base plus the tolerance: at every moment. */
    void assertAtMost(String when) {
        long n = customers();
        long[] counts = atOrAbove();
        for (int level = 1; level <= 3; level++) {
            assertThat(counts[level])
                    .as("%s or better of %d customers %s", Tier.ofLevel(level), n, when)
                    .isLessThanOrEqualTo(caps.most(level, n));
        }
    }

    /** No tier holds fewer than its share less the tolerance: once the rebalance has ranked the base. */
    void assertAtLeast(String when) {
        long n = customers();
        long[] counts = atOrAbove();
        for (int level = 1; level <= 3; level++) {
            assertThat(counts[level])
                    .as("%s or better of %d customers %s", Tier.ofLevel(level), n, when)
                    .isGreaterThanOrEqualTo(caps.fewest(level, n));
        }
    }
}
