package io.junction.view.intelligence;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The customer-intelligence computations, plain Java without a database: value facts, tiers, RFM scores and the
 * lifecycle stage. docs/customer-intelligence.md states the rules; in short:
 * <ul>
 *   <li><b>Position.</b> A customer's position in a ranking is the share of the population with a strictly lower
 *       value: {@code below / N}. Tied customers share a position, the lower one: a tier or score is earned by being
 *       better than others, so a tie never lifts a group past a cut, and a tier never holds more than its share.</li>
 *   <li><b>Tier.</b> By the tier measure over every known customer: position ≥ 1 − platinum share → platinum, ≥ 1 −
 *       (platinum + gold) → gold, ≥ 1 − (platinum + gold + iron) → iron, else lead. A customer with no value
 *       (no counted order in the measure) is lead. So a single customer, or a base where all are equal, is all lead.</li>
 *   <li><b>RFM.</b> Among buyers (customers with a counted order): score = 1 + ⌊5 × position⌋, 1..5, for recency (last
 *       order time), frequency (counted orders) and monetary (lifetime value).</li>
 *   <li><b>Thresholds.</b> A ranking is kept as its cut values ({@link #thresholds}): classifying a customer against
 *       them gives the same tier and scores as counting everyone below them, without the count.</li>
 * </ul>
 */
public final class IntelligenceCalculator {

    private final IntelligenceProperties properties;

    private final TierCaps caps;

    public IntelligenceCalculator(IntelligenceProperties properties) {
        this.properties = properties;
        this.caps = new TierCaps(properties);
    }

    /** The tier shares as limits between rankings. */
    public TierCaps caps() {
        return caps;
    }

    /**
     * One customer's own facts as of {@code now}: measure, lifetime value, average order value, counts and lifecycle
     * stage. Tier and RFM are left at lead and none: they depend on the others ({@link #thresholds}, {@link Thresholds#classify}).
     */
    public Profile facts(List<Purchase> purchases, boolean blacklisted, OffsetDateTime now) {
        List<Purchase> sorted = new ArrayList<>(purchases);
        sorted.sort(Comparator.comparing(Purchase::at));
        BigDecimal lifetime = sorted.stream().map(Purchase::netValue).reduce(BigDecimal.ZERO, BigDecimal::add);
        OffsetDateTime from = now.minus(properties.window());
        BigDecimal measure = properties.measure().equals("lifetime-value")
                ? lifetime
                : sorted.stream()
                        .filter(p -> p.at().isAfter(from))
                        .map(Purchase::netValue)
                        .reduce(BigDecimal.ZERO, BigDecimal::add);
        int count = sorted.size();
        BigDecimal average = count == 0 ? null : lifetime.divide(BigDecimal.valueOf(count), 2, RoundingMode.HALF_UP);
        return new Profile(
                Tier.LEAD,
                measure,
                null,
                stage(sorted, now),
                lifetime,
                average,
                count,
                count == 0 ? null : sorted.get(0).at(),
                count == 0 ? null : sorted.get(count - 1).at(),
                blacklisted);
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

    /**
     * The cut values of a ranking of the whole base (the full recompute, or the stored profiles when there is no
     * ranking yet): {@code profiles} are the customers' facts, {@code population} every known customer (those without a
     * profile count with measure 0). A customer's position is below / population; a tier needs position ≥ 1 − the shares
     * from the top down to it, i.e. at least ⌈(1 − shares) × population⌉ below; an RFM score of 1 + j needs
     * ⌊5 × below / buyers⌋ ≥ j, i.e. at least ⌈j × buyers / 5⌉ below.
     */
    public Thresholds thresholds(Collection<Profile> profiles, long population, OffsetDateTime at) {
        List<BigDecimal> values =
                new ArrayList<>(profiles.stream().map(Profile::tierValue).toList());
        values.addAll(Collections.nCopies((int) Math.max(0, population - profiles.size()), BigDecimal.ZERO));
        Collections.sort(values);
        long[] tierNeeds = {caps.needed(1, values.size()), caps.needed(2, values.size()), caps.needed(3, values.size())
        };

        List<Profile> buyers = profiles.stream().filter(p -> p.orderCount() > 0).toList();
        long[] scoreNeeds = new long[4];
        for (int j = 1; j <= 4; j++) {
            scoreNeeds[j - 1] = (j * (long) buyers.size() + 4) / 5;
        }
        List<Instant> recency = sorted(buyers, p -> p.lastOrderAt().toInstant());
        List<Integer> frequency = sorted(buyers, Profile::orderCount);
        List<BigDecimal> monetary = sorted(buyers, Profile::lifetimeValue);
        // needs of 0 occur only for a tier whose shares add up to 1 (every positive measure is in) and in an empty base
        return new Thresholds(
                values.size(),
                buyers.size(),
                Thresholds.Cuts.of(values, tierNeeds, BigDecimal.ZERO),
                Thresholds.Cuts.of(recency, scoreNeeds, null),
                Thresholds.Cuts.of(frequency, scoreNeeds, null),
                Thresholds.Cuts.of(monetary, scoreNeeds, null),
                at);
    }

    /** The whole base at once, as of {@code at}: everyone's facts classified against the thresholds of the whole base (the full ranking). */
    public Map<String, Profile> rank(Map<String, Profile> facts, OffsetDateTime at) {
        Thresholds t = thresholds(facts.values(), facts.size(), at);
        Map<String, Profile> ranked = new HashMap<>();
        facts.forEach((id, p) -> ranked.put(id, t.classify(p)));
        return ranked;
    }

    private static <T extends Comparable<T>> List<T> sorted(List<Profile> population, Function<Profile, T> measure) {
        List<T> values = new ArrayList<>(population.stream().map(measure).toList());
        Collections.sort(values);
        return values;
    }
}
