package io.junction.view.intelligence;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The tier shares as limits between rankings: caps, admission, re-rank triggers, and the stated tolerance over time. */
class TierCapsTest {

    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-06-30T12:00:00Z");
    private final IntelligenceCalculator calc =
            new IntelligenceCalculator(new IntelligenceProperties(null, null, null, null, null, null, null));
    private final TierCaps caps = calc.caps();

    @Test
    void theToleranceInNumbers() {
        // 100 customers: 20 iron or better, 5 gold or better, 1 platinum, each may be overfilled by 10% (rounded up)
        assertThat(List.of(caps.allowed(1, 100), caps.allowed(2, 100), caps.allowed(3, 100)))
                .containsExactly(20L, 5L, 1L);
        assertThat(List.of(caps.most(1, 100), caps.most(2, 100), caps.most(3, 100)))
                .containsExactly(22L, 6L, 2L);
        assertThat(List.of(caps.fewest(1, 100), caps.fewest(2, 100), caps.fewest(3, 100)))
                .containsExactly(18L, 4L, 0L);
        // the 26 customers: 5 iron or better, 1 gold or better, no platinum
        assertThat(List.of(caps.most(1, 26), caps.most(2, 26), caps.most(3, 26)))
                .containsExactly(6L, 2L, 0L);
        assertThat(caps.most(2, 1_000_000)).isEqualTo(55_000);
    }

    @Test
    void aRiseIntoAFullTierGetsTheHighestTierWithRoomAndIsCountedAsRefused() {
        Tally full = new Tally(100, new long[] {10, 6, 1}, 0);
        assertThat(caps.admit(full, Tier.LEAD, Tier.GOLD))
                .as("gold or better holds 6 of 6")
                .isEqualTo(Tier.IRON);
        assertThat(caps.admit(full, Tier.IRON, Tier.PLATINUM)).isEqualTo(Tier.IRON);
        assertThat(caps.admit(full, Tier.GOLD, Tier.PLATINUM))
                .as("one platinum of two")
                .isEqualTo(Tier.PLATINUM);
        assertThat(caps.admit(full, Tier.GOLD, Tier.LEAD))
                .as("a fall is always allowed")
                .isEqualTo(Tier.LEAD);
        Tally after = caps.move(full, Tier.LEAD, Tier.IRON, Tier.GOLD);
        assertThat(after.members()).containsExactly(11, 6, 1);
        assertThat(after.refused()).isEqualTo(1);
        assertThat(caps.rerankDue(after, 100))
                .as("a refusal makes a re-rank due")
                .isTrue();
        Tally fall = caps.move(full, Tier.PLATINUM, Tier.LEAD, Tier.LEAD);
        assertThat(fall.members()).containsExactly(9, 5, 0);
        assertThat(fall.refused()).isZero();
        assertThat(caps.admit(new Tally(0, new long[3], 0), Tier.LEAD, Tier.IRON))
                .as("before any ranking nobody rises")
                .isEqualTo(Tier.LEAD);
    }

    @Test
    void aReRankIsDueOnceTheBaseGrewByMoreThanHalfTheTolerance() {
        Tally ranked = new Tally(1000, new long[] {200, 50, 10}, 0);
        assertThat(caps.rerankDue(ranked, 1050)).isFalse();
        assertThat(caps.rerankDue(ranked, 1051)).isTrue();
        assertThat(caps.rerankDue(new Tally(0, new long[3], 0), 1))
                .as("a fresh base ranks its first customer")
                .isTrue();
    }

    /**
     * The scenario in plain Java: thresholds of 26 customers, then orders over a base growing to 150, each
     * classified against the stored thresholds and admitted by the caps; a re-rank only now and then (every 40 orders
     * here, standing in for a slow rebalance). After every single order, no tier (with those above it) holds more
     * than its share of the current base plus the tolerance; after a re-rank, no fewer than its share less it.
     */
    @Test
    void theSharesHoldAfterEveryOrderWhateverTheThresholds() {
        Random random = new Random(15);
        Map<String, List<Purchase>> orders = new HashMap<>();
        for (int i = 0; i < 26; i++) {
            orders.put(
                    "c" + i,
                    new ArrayList<>(
                            List.of(new Purchase(NOW.minusDays(1), BigDecimal.valueOf(1 + random.nextInt(50))))));
        }
        Map<String, Profile> profiles = calc.rank(facts(orders), NOW);
        Thresholds thresholds = calc.thresholds(facts(orders).values(), orders.size(), NOW);
        Tally tally = Tally.of(
                orders.size(), profiles.values().stream().map(Profile::tier).toList());
        for (int order = 1; order <= 300; order++) {
            // half the orders from newcomers, all worth more than the first 26 spent: by the stale cuts, most are VIPs
            String id = orders.size() < 150 && random.nextBoolean()
                    ? "c" + orders.size()
                    : "c" + random.nextInt(orders.size());
            orders.computeIfAbsent(id, k -> new ArrayList<>())
                    .add(new Purchase(NOW.minusDays(1), BigDecimal.valueOf(40 + random.nextInt(500))));
            Profile proposed = thresholds.classify(calc.facts(orders.get(id), false, NOW));
            Tier before = profiles.containsKey(id) ? profiles.get(id).tier() : Tier.LEAD;
            Tier granted = caps.admit(tally, before, proposed.tier());
            tally = caps.move(tally, before, granted, proposed.tier());
            profiles.put(id, proposed.withTier(granted));
            assertShares(profiles, orders.size(), true, "after order " + order);
            if (order % 40 == 0) {
                profiles = calc.rank(facts(orders), NOW);
                thresholds = calc.thresholds(facts(orders).values(), orders.size(), NOW);
                tally = Tally.of(
                        orders.size(),
                        profiles.values().stream().map(Profile::tier).toList());
                assertShares(profiles, orders.size(), false, "after the re-rank at order " + order);
            }
        }
    }

    private void assertShares(Map<String, Profile> profiles, long n, boolean upperOnly, String when) {
        for (int level = 1; level <= 3; level++) {
            int l = level;
            long members = profiles.values().stream()
                    .filter(p -> p.tier().level() >= l)
                    .count();
            assertThat(members)
                    .as(Tier.ofLevel(level) + " or better of " + n + " " + when)
                    .isLessThanOrEqualTo(caps.most(level, n));
            if (!upperOnly) {
                assertThat(members)
                        .as(Tier.ofLevel(level) + " or better of " + n + " " + when)
                        .isGreaterThanOrEqualTo(caps.fewest(level, n));
            }
        }
    }

    private Map<String, Profile> facts(Map<String, List<Purchase>> orders) {
        Map<String, Profile> facts = new HashMap<>();
        orders.forEach((id, purchases) -> facts.put(id, calc.facts(purchases, false, NOW)));
        return facts;
    }
}
