package io.junction.intelligence;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Tiers, RFM scores, lifecycle stages and values on hand-checked data sets, boundaries included. */
class IntelligenceCalculatorTest {

    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-06-30T12:00:00Z");
    private final IntelligenceCalculator calc = new IntelligenceCalculator(new IntelligenceProperties(null, null, null, null, null));

    @Test
    void aHundredDistinctCustomersMakeTheTextbookPyramid() {
        // values 1..100: 99 customers below the top one (99/100 ≥ 0.99) → platinum; 95..98 below → gold (4);
        // 80..94 below → iron (15); the other 80 → lead
        Map<String, Profile> ranked = calc.rank(customersWorth(range(1, 100)));
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
        Map<String, Profile> ranked = calc.rank(customersWorth(values));
        assertThat(tiers(ranked, Tier.PLATINUM)).isEmpty();
        assertThat(ranked.get("c99").tier()).isEqualTo(Tier.GOLD);
        assertThat(ranked.get("c100").tier()).isEqualTo(Tier.GOLD);
    }

    @Test
    void aSingleCustomerIsLeadWithTheLowestScores() {
        Map<String, Profile> ranked = calc.rank(customersWorth(List.of(1000)));
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
        Map<String, Profile> ranked = calc.rank(facts);
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
        Map<String, Profile> ranked = calc.rank(facts);
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
        Map<String, Profile> ranked = calc.rank(customersWorth(range(1, 10)));
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
        assertThat(ranked.values()).allSatisfy(p -> assertThat(p.rfm().frequency()).isEqualTo(1));
    }

    @Test
    void valuesAreNetOrderSumsAndTheTrailingMeasureForgetsOldOrders() {
        Profile p = calc.facts(List.of(purchase(400, "100"), purchase(10, "50.50"), purchase(5, "20")), false, NOW);
        assertThat(p.lifetimeValue()).isEqualByComparingTo("170.50");
        assertThat(p.averageOrderValue()).isEqualByComparingTo("56.83");
        assertThat(p.orderCount()).isEqualTo(3);
        // the 400-day-old order is outside the trailing 12 months
        assertThat(p.tierValue()).isEqualByComparingTo("70.50");

        IntelligenceCalculator lifetime = new IntelligenceCalculator(new IntelligenceProperties("lifetime-value", null, null, null, null));
        assertThat(lifetime.facts(List.of(purchase(400, "100"), purchase(10, "50.50")), false, NOW).tierValue()).isEqualByComparingTo("150.50");
    }

    @Test
    void lifecycleStagesFollowTheDocumentedRules() {
        assertThat(calc.stage(List.of(), NOW)).isNull();
        assertThat(calc.stage(List.of(purchase(10, "1")), NOW)).isEqualTo(LifecycleStage.NEW);
        assertThat(calc.stage(List.of(purchase(60, "1"), purchase(10, "1")), NOW)).isEqualTo(LifecycleStage.ACTIVE);
        // boundaries: exactly 90 days is still active, one more day is at risk; 365 days at risk, 366 lapsed
        assertThat(calc.stage(List.of(purchase(100, "1"), purchase(90, "1")), NOW)).isEqualTo(LifecycleStage.ACTIVE);
        assertThat(calc.stage(List.of(purchase(100, "1"), purchase(91, "1")), NOW)).isEqualTo(LifecycleStage.AT_RISK);
        assertThat(calc.stage(List.of(purchase(365, "1")), NOW)).isEqualTo(LifecycleStage.AT_RISK);
        assertThat(calc.stage(List.of(purchase(366, "1")), NOW)).isEqualTo(LifecycleStage.LAPSED);
        // came back after 200 days away
        assertThat(calc.stage(List.of(purchase(210, "1"), purchase(10, "1")), NOW)).isEqualTo(LifecycleStage.WON_BACK);
        // and is active again once the next order follows within the window
        assertThat(calc.stage(List.of(purchase(210, "1"), purchase(10, "1"), purchase(2, "1")), NOW)).isEqualTo(LifecycleStage.ACTIVE);
    }

    @Test
    void tierSharesAreConfigurable() {
        IntelligenceCalculator wide = new IntelligenceCalculator(new IntelligenceProperties(null, null,
                new IntelligenceProperties.Shares(new BigDecimal("0.10"), new BigDecimal("0.20"), new BigDecimal("0.30")), null, null));
        Map<String, Profile> ranked = wide.rank(customersWorth(range(1, 10)));
        assertThat(tiers(ranked, Tier.PLATINUM)).containsExactly("c10");
        assertThat(tiers(ranked, Tier.GOLD)).containsExactlyInAnyOrder("c8", "c9");
        assertThat(tiers(ranked, Tier.IRON)).containsExactlyInAnyOrder("c5", "c6", "c7");
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
        return ranked.entrySet().stream().filter(e -> e.getValue().tier() == tier).map(Map.Entry::getKey).sorted().toList();
    }
}
