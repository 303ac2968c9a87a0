package io.junction.view.intelligence;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Tiers, RFM scores, lifecycle stages and values on hand-checked data sets, boundaries included. */
class IntelligenceCalculatorTest {

    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-06-30T12:00:00Z");
    private final IntelligenceCalculator calc =
            new IntelligenceCalculator(new IntelligenceProperties(null, null, null, null, null, null, null));

    @Test
    void aHundredDistinctCustomersMakeTheTextbookPyramid() {
        // values 1..100: 99 customers below the top one (99/100 ≥ 0.99) → platinum; 95..98 below → gold (4);
        // 80..94 below → iron (15); the other 80 → lead
        Map<String, Profile> ranked = calc.rank(customersWorth(range(1, 100)), NOW);
        assertThat(tiers(ranked, Tier.PLATINUM)).containsExactly("c100");
        assertThat(tiers(ranked, Tier.GOLD)).containsExactlyInAnyOrder("c96", "c97", "c98", "c99");
        assertThat(tiers(ranked, Tier.IRON)).hasSize(15).contains("c81", "c95").doesNotContain("c80");
        assertThat(tiers(ranked, Tier.LEAD)).hasSize(80);
    }

    @Test
    void tiedCustomersShareTheLowerTierSoATierNeverHoldsMoreThanItsShare() {
        List<Integer> values = range(1, 98);
        values.add(500);
        values.add(500);
        // the two 500s each have 98 of 100 below them (0.98 < 0.99): both gold, nobody platinum
        Map<String, Profile> ranked = calc.rank(customersWorth(values), NOW);
        assertThat(tiers(ranked, Tier.PLATINUM)).isEmpty();
        assertThat(ranked.get("c99").tier()).isEqualTo(Tier.GOLD);
        assertThat(ranked.get("c100").tier()).isEqualTo(Tier.GOLD);
    }

    @Test
    void aSingleCustomerIsLeadWithTheLowestScores() {
        Map<String, Profile> ranked = calc.rank(customersWorth(List.of(1000)), NOW);
        Profile only = ranked.get("c1");
        assertThat(only.tier()).isEqualTo(Tier.LEAD);
        assertThat(only.rfm()).isEqualTo(new Rfm(1, 1, 1));
        assertThat(only.stage()).isEqualTo(LifecycleStage.NEW);
    }

    @Test
    void whenAllCustomersAreEqualNobodyIsRaisedAboveTheOthers() {
        Map<String, Profile> facts = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            facts.put("c" + i, calc.facts(List.of(purchase(5, "50")), false, NOW));
        }
        Map<String, Profile> ranked = calc.rank(facts, NOW);
        assertThat(ranked.values()).allSatisfy(p -> {
            assertThat(p.tier()).isEqualTo(Tier.LEAD);
            assertThat(p.rfm()).isEqualTo(new Rfm(1, 1, 1));
        });
    }

    @Test
    void customersWithoutRevenueAreLeadWithoutRfmButCountInThePopulation() {
        Map<String, Profile> facts = customersWorth(range(1, 2));
        for (int i = 0; i < 98; i++) {
            facts.put("none" + i, calc.facts(List.of(), false, NOW));
        }
        Map<String, Profile> ranked = calc.rank(facts, NOW);
        // c2 has 99 of 100 customers below it: platinum; c1 has 98 below it: gold
        assertThat(ranked.get("c2").tier()).isEqualTo(Tier.PLATINUM);
        assertThat(ranked.get("c1").tier()).isEqualTo(Tier.GOLD);
        assertThat(ranked.get("none0").tier()).isEqualTo(Tier.LEAD);
        assertThat(ranked.get("none0").rfm()).isNull();
        assertThat(ranked.get("none0").stage()).isNull();
        // RFM ranks buyers only: of 2 buyers, c2 has 1 below → 1 + ⌊5 × 1/2⌋ = 3
        assertThat(ranked.get("c2").rfm().monetary()).isEqualTo(3);
        assertThat(ranked.get("c1").rfm().monetary()).isEqualTo(1);
    }

    @Test
    void rfmScoresAreQuintiles() {
        // ten buyers: 0-1 below → 1, 2-3 → 2, 4-5 → 3, 6-7 → 4, 8-9 → 5
        Map<String, Profile> ranked = calc.rank(customersWorth(range(1, 10)), NOW);
        assertThat(ranked.get("c1").rfm().monetary()).isEqualTo(1);
        assertThat(ranked.get("c2").rfm().monetary()).isEqualTo(1);
        assertThat(ranked.get("c3").rfm().monetary()).isEqualTo(2);
        assertThat(ranked.get("c6").rfm().monetary()).isEqualTo(3);
        assertThat(ranked.get("c8").rfm().monetary()).isEqualTo(4);
        assertThat(ranked.get("c10").rfm().monetary()).isEqualTo(5);
        // customersWorth gives customer i its order i days ago: c1 is the most recent
        assertThat(ranked.get("c1").rfm().recency()).isEqualTo(5);
        assertThat(ranked.get("c10").rfm().recency()).isEqualTo(1);
        // everyone bought once: a tie, so frequency 1 for all
        assertThat(ranked.values())
                .allSatisfy(p -> assertThat(p.rfm().frequency()).isEqualTo(1));
    }

    @Test
    void valuesAreNetOrderSumsAndTheTrailingMeasureForgetsOldOrders() {
        Profile p = calc.facts(List.of(purchase(400, "100"), purchase(10, "50.50"), purchase(5, "20")), false, NOW);
        assertThat(p.lifetimeValue()).isEqualByComparingTo("170.50");
        assertThat(p.averageOrderValue()).isEqualByComparingTo("56.83");
        assertThat(p.orderCount()).isEqualTo(3);
        // the 400-day-old order is outside the trailing 12 months
        assertThat(p.tierValue()).isEqualByComparingTo("70.50");

        IntelligenceCalculator lifetime = new IntelligenceCalculator(
                new IntelligenceProperties("lifetime-value", null, null, null, null, null, null));
        assertThat(lifetime.facts(List.of(purchase(400, "100"), purchase(10, "50.50")), false, NOW)
                        .tierValue())
                .isEqualByComparingTo("150.50");
    }

    @Test
    void lifecycleStagesFollowTheDocumentedRules() {
        assertThat(calc.stage(List.of(), NOW)).isNull();
        assertThat(calc.stage(List.of(purchase(10, "1")), NOW)).isEqualTo(LifecycleStage.NEW);
        assertThat(calc.stage(List.of(purchase(60, "1"), purchase(10, "1")), NOW))
                .isEqualTo(LifecycleStage.ACTIVE);
        // boundaries: exactly 90 days is still active, one more day is at risk; 365 days at risk, 366 lapsed
        assertThat(calc.stage(List.of(purchase(100, "1"), purchase(90, "1")), NOW))
                .isEqualTo(LifecycleStage.ACTIVE);
        assertThat(calc.stage(List.of(purchase(100, "1"), purchase(91, "1")), NOW))
                .isEqualTo(LifecycleStage.AT_RISK);
        assertThat(calc.stage(List.of(purchase(365, "1")), NOW)).isEqualTo(LifecycleStage.AT_RISK);
        assertThat(calc.stage(List.of(purchase(366, "1")), NOW)).isEqualTo(LifecycleStage.LAPSED);
        // came back after 200 days away
        assertThat(calc.stage(List.of(purchase(210, "1"), purchase(10, "1")), NOW))
                .isEqualTo(LifecycleStage.WON_BACK);
        // and is active again once the next order follows within the window
        assertThat(calc.stage(List.of(purchase(210, "1"), purchase(10, "1"), purchase(2, "1")), NOW))
                .isEqualTo(LifecycleStage.ACTIVE);
    }

    @Test
    void tierSharesAreConfigurable() {
        IntelligenceCalculator wide = new IntelligenceCalculator(new IntelligenceProperties(
                null,
                null,
                new IntelligenceProperties.Shares(
                        new BigDecimal("0.10"), new BigDecimal("0.20"), new BigDecimal("0.30")),
                null,
                null,
                null,
                null));
        Map<String, Profile> ranked = wide.rank(customersWorth(range(1, 10)), NOW);
        assertThat(tiers(ranked, Tier.PLATINUM)).containsExactly("c10");
        assertThat(tiers(ranked, Tier.GOLD)).containsExactlyInAnyOrder("c8", "c9");
        assertThat(tiers(ranked, Tier.IRON)).containsExactlyInAnyOrder("c5", "c6", "c7");
    }

    @Test
    void thresholdsClassifyExactlyAsCountingEveryoneBelow() {
        // random bases with many ties: each customer's tier and scores from the cuts equal the documented rule,
        // position = customers strictly below / population, counted one by one
        Random random = new Random(8);
        for (int round = 0; round < 40; round++) {
            Map<String, Profile> facts = new LinkedHashMap<>();
            int size = 1 + random.nextInt(400);
            for (int i = 0; i < size; i++) {
                List<Purchase> purchases = new ArrayList<>();
                for (int k = random.nextInt(4); k > 0; k--) {
                    purchases.add(purchase(1 + random.nextInt(30), String.valueOf(random.nextInt(20))));
                }
                facts.put("c" + i, calc.facts(purchases, false, NOW));
            }
            List<Profile> buyers =
                    facts.values().stream().filter(p -> p.orderCount() > 0).toList();
            Map<String, Profile> ranked = calc.rank(facts, NOW);
            facts.forEach((id, p) -> {
                long below = facts.values().stream()
                        .filter(o -> o.tierValue().compareTo(p.tierValue()) < 0)
                        .count();
                // position ≥ share, in whole numbers: 100 × below ≥ share% × size
                Tier expected = p.tierValue().signum() <= 0
                        ? Tier.LEAD
                        : 100 * below >= 99L * size
                                ? Tier.PLATINUM
                                : 100 * below >= 95L * size
                                        ? Tier.GOLD
                                        : 100 * below >= 80L * size ? Tier.IRON : Tier.LEAD;
                assertThat(ranked.get(id).tier())
                        .as("tier of %s, %d of %d below", id, below, size)
                        .isEqualTo(expected);
                if (p.orderCount() > 0) {
                    long m = buyers.stream()
                            .filter(o -> o.lifetimeValue().compareTo(p.lifetimeValue()) < 0)
                            .count();
                    long f = buyers.stream()
                            .filter(o -> o.orderCount() < p.orderCount())
                            .count();
                    long r = buyers.stream()
                            .filter(o -> o.lastOrderAt().isBefore(p.lastOrderAt()))
                            .count();
                    assertThat(ranked.get(id).rfm())
                            .isEqualTo(
                                    new Rfm(score(r, buyers.size()), score(f, buyers.size()), score(m, buyers.size())));
                } else {
                    assertThat(ranked.get(id).rfm()).isNull();
                }
            });
        }
    }

    @Test
    void aNewcomerIsClassifiedAgainstTheLastRankingTiesGoingDown() {
        Map<String, Profile> base = customersWorth(range(1, 100));
        Thresholds t = calc.thresholds(base.values(), base.size(), NOW);
        // the cuts: platinum above 99 (the value of the 99th customer), gold above 95, iron above 80
        assertThat(t.tiers().values()).extracting(BigDecimal::intValue).containsExactly(80, 95, 99);
        assertThat(t.classify(worth(150)).tier()).isEqualTo(Tier.PLATINUM);
        assertThat(t.classify(worth(99)).tier())
                .as("tied with the 99th: not above it")
                .isEqualTo(Tier.GOLD);
        assertThat(t.classify(worth(96)).tier()).isEqualTo(Tier.GOLD);
        assertThat(t.classify(worth(81)).tier()).isEqualTo(Tier.IRON);
        assertThat(t.classify(worth(80)).tier()).isEqualTo(Tier.LEAD);
        assertThat(t.classify(calc.facts(List.of(), false, NOW)).tier()).isEqualTo(Tier.LEAD);
        // RFM cuts among the 100 buyers: monetary 5 needs 80 below, so above 80
        assertThat(t.classify(worth(81)).rfm().monetary()).isEqualTo(5);
        assertThat(t.classify(worth(80)).rfm().monetary()).isEqualTo(4);
    }

    @Test
    void aBaseUnderAHundredHasNoPlatinumForNewcomersEither() {
        Map<String, Profile> base = customersWorth(range(1, 99));
        Thresholds t = calc.thresholds(base.values(), base.size(), NOW);
        assertThat(t.tiers().get(2)).as("platinum closed").isNull();
        assertThat(t.classify(worth(1_000_000)).tier()).isEqualTo(Tier.GOLD);
        // before any ranking everyone is lead with the lowest scores
        Profile first = Thresholds.none(NOW).classify(worth(1_000_000));
        assertThat(first.tier()).isEqualTo(Tier.LEAD);
        assertThat(first.rfm()).isEqualTo(new Rfm(1, 1, 1));
    }

    @Test
    void theStoredProfilesRankTheUnprofiledAtZero() {
        // two profiles worth 1 and 2 among 100 customers: the 98 others count with measure 0
        Map<String, Profile> base = customersWorth(range(1, 2));
        Thresholds t = calc.thresholds(base.values(), 100, NOW);
        assertThat(t.population()).isEqualTo(100);
        assertThat(t.buyers()).isEqualTo(2);
        assertThat(t.classify(base.get("c2")).tier()).isEqualTo(Tier.PLATINUM);
        assertThat(t.classify(base.get("c1")).tier()).isEqualTo(Tier.GOLD);
    }

    private Profile worth(int value) {
        return calc.facts(List.of(purchase(1, String.valueOf(value))), false, NOW);
    }

    private static int score(long below, long population) {
        return (int) Math.min(5, 1 + 5 * below / population);
    }

    /** Customer ci worth values[i-1], with one order placed i days ago. */
    private Map<String, Profile> customersWorth(List<Integer> values) {
        Map<String, Profile> facts = new LinkedHashMap<>();
        for (int i = 0; i < values.size(); i++) {
            facts.put("c" + (i + 1), calc.facts(List.of(purchase(i + 1, String.valueOf(values.get(i)))), false, NOW));
        }
        return facts;
    }

    private static Purchase purchase(int daysAgo, String value) {
        return new Purchase(NOW.minusDays(daysAgo), new BigDecimal(value));
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> values = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            values.add(i);
        }
        return values;
    }

    private static List<String> tiers(Map<String, Profile> ranked, Tier tier) {
        return ranked.entrySet().stream()
                .filter(e -> e.getValue().tier() == tier)
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
    }
}
