package io.junction.intelligence;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The customer-intelligence computations, plain Java without a database: value facts, tiers, RFM scores and the
 * lifecycle stage. README "Customer intelligence" states the rules; in short:
 * <ul>
 *   <li><b>Position.</b> A customer's position in a ranking is the share of the population with a strictly lower
 *       value: {@code below / N}. Tied customers share a position, the lower one: a tier or score is earned by being
 *       better than others, so a tie never lifts a group past a cut, and a tier never holds more than its share.</li>
 *   <li><b>Tier.</b> By the tier measure over every known customer: position ≥ 1 − platinum share → platinum, ≥ 1 −
 *       (platinum + gold) → gold, ≥ 1 − (platinum + gold + iron) → iron, else lead. A customer with no value
 *       (no counted order in the measure) is lead. So a single customer, or a base where all are equal, is all lead.</li>
 *   <li><b>RFM.</b> Among buyers (customers with a counted order): score = 1 + ⌊5 × position⌋, 1..5, for recency (last
 *       order time), frequency (counted orders) and monetary (lifetime value).</li>
 * </ul>
 */
public final class IntelligenceCalculator {

    private final IntelligenceProperties properties;

    public IntelligenceCalculator(IntelligenceProperties properties) {
        this.properties = properties;
    }

    /**
     * One customer's own facts as of {@code now}: measure, lifetime value, average order value, counts and lifecycle
     * stage. Tier and RFM are left at lead and none: they depend on the others ({@link #rank}, {@link #tier}).
     */
    public Profile facts(List<Purchase> purchases, boolean blacklisted, OffsetDateTime now) {
        List<Purchase> sorted = new ArrayList<>(purchases);
        sorted.sort(Comparator.comparing(Purchase::at));
        BigDecimal lifetime = sorted.stream().map(Purchase::netValue).reduce(BigDecimal.ZERO, BigDecimal::add);
        OffsetDateTime from = now.minus(properties.window());
        BigDecimal measure = properties.measure().equals("lifetime-value") ? lifetime
                : sorted.stream().filter(p -> p.at().isAfter(from)).map(Purchase::netValue).reduce(BigDecimal.ZERO, BigDecimal::add);
        int count = sorted.size();
        BigDecimal average = count == 0 ? null : lifetime.divide(BigDecimal.valueOf(count), 2, RoundingMode.HALF_UP);
        return new Profile(Tier.LEAD, measure, null, stage(sorted, now), lifetime, average, count,
                count == 0 ? null : sorted.get(0).at(), count == 0 ? null : sorted.get(count - 1).at(), blacklisted);
    }

    /**
     * The lifecycle stage of a buyer from their counted purchases in time order (null without one):
     * last order older than lapsed-after → LAPSED; older than the active window → AT_RISK; a single order → NEW; the
     * last order came after a gap longer than the active window (the customer had been at risk or lapsed) → WON_BACK;
     * else ACTIVE.
     */
    public LifecycleStage stage(List<Purchase> sorted, OffsetDateTime now) {
        if (sorted.isEmpty()) {
            return null;
        }
        OffsetDateTime last = sorted.get(sorted.size() - 1).at();
        Duration since = Duration.between(last, now);
        if (since.compareTo(properties.lapsedAfter()) > 0) {
            return LifecycleStage.LAPSED;
        }
        if (since.compareTo(properties.activeWindow()) > 0) {
            return LifecycleStage.AT_RISK;
        }
        if (sorted.size() == 1) {
            return LifecycleStage.NEW;
        }
        Duration gap = Duration.between(sorted.get(sorted.size() - 2).at(), last);
        return gap.compareTo(properties.activeWindow()) > 0 ? LifecycleStage.WON_BACK : LifecycleStage.ACTIVE;
    }

    /** The tier of a customer whose measure is {@code value}, with {@code below} of {@code population} customers strictly lower. */
    public Tier tier(BigDecimal value, long below, long population) {
        if (value.signum() <= 0 || population == 0) {
            return Tier.LEAD;
        }
        BigDecimal position = BigDecimal.valueOf(below);
        BigDecimal n = BigDecimal.valueOf(population);
        IntelligenceProperties.Shares shares = properties.tiers();
        BigDecimal cut = BigDecimal.ONE.subtract(shares.platinum());
        if (position.compareTo(cut.multiply(n)) >= 0) {
            return Tier.PLATINUM;
        }
        cut = cut.subtract(shares.gold());
        if (position.compareTo(cut.multiply(n)) >= 0) {
            return Tier.GOLD;
        }
        cut = cut.subtract(shares.iron());
        return position.compareTo(cut.multiply(n)) >= 0 ? Tier.IRON : Tier.LEAD;
    }

    /** A quintile score 1..5 for {@code below} of {@code population} strictly lower. */
    public static int score(long below, long population) {
        return population <= 0 ? 1 : (int) Math.min(5, 1 + 5 * below / population);
    }

    /** The whole base at once (the full recompute): every customer's facts, ranked for tier and RFM. */
    public Map<String, Profile> rank(Map<String, Profile> facts) {
        List<Profile> buyers = facts.values().stream().filter(p -> p.orderCount() > 0).toList();
        Ranking<BigDecimal> values = new Ranking<>(facts.values(), Profile::tierValue);
        Ranking<Long> recency = new Ranking<>(buyers, p -> p.lastOrderAt().toInstant().toEpochMilli());
        Ranking<Integer> frequency = new Ranking<>(buyers, Profile::orderCount);
        Ranking<BigDecimal> monetary = new Ranking<>(buyers, Profile::lifetimeValue);
        Map<String, Profile> ranked = new HashMap<>();
        facts.forEach((id, p) -> {
            Profile r = p.withTier(tier(p.tierValue(), values.below(p), facts.size()));
            if (p.orderCount() > 0) {
                r = r.withRfm(new Rfm(score(recency.below(p), buyers.size()), score(frequency.below(p), buyers.size()),
                        score(monetary.below(p), buyers.size())));
            }
            ranked.put(id, r);
        });
        return ranked;
    }

    /** One measure, sorted once: how many of the population are strictly below a value (binary search). */
    private static final class Ranking<T extends Comparable<T>> {

        private final List<T> sorted;
        private final Function<Profile, T> measure;

        Ranking(java.util.Collection<Profile> population, Function<Profile, T> measure) {
            this.measure = measure;
            this.sorted = new ArrayList<>(population.stream().map(measure).toList());
            Collections.sort(sorted);
        }

        long below(Profile p) {
            T value = measure.apply(p);
            int lo = 0;
            int hi = sorted.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (sorted.get(mid).compareTo(value) < 0) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }
}
