package io.junction.view.intelligence;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The tier shares as limits that hold between two rankings (docs/customer-intelligence.md). For each tier, counted
 * with the tiers above it (iron or better, gold or better, platinum):
 * <ul>
 *   <li><b>allowed</b>(N): how many of N customers with distinct values a ranking puts there,
 *       N − ⌈(1 − share) × N⌉, e.g. 5 gold-or-better of 100 customers;</li>
 *   <li><b>slack</b>(N) = ⌈tolerance × allowed(N)⌉: how far incremental classification may overfill it before the
 *       next ranking (default tolerance 10%: 6 gold-or-better of 100, 2 platinum);</li>
 *   <li><b>cap</b> = allowed + slack of the last ranking's population: an order never lifts its customer into a tier
 *       at its cap. The base only grows, so the cap holds against the current population at every moment.</li>
 * </ul>
 * A refused promotion, or a base grown by more than half the tolerance since the ranking, makes a re-rank due.
 */
public final class TierCaps {

    private final BigDecimal[] cumulative;
    private final BigDecimal tolerance;

    public TierCaps(IntelligenceProperties properties) {
        IntelligenceProperties.Shares shares = properties.tiers();
        BigDecimal platinum = shares.platinum();
        BigDecimal gold = platinum.add(shares.gold());
        this.cumulative = new BigDecimal[] {gold.add(shares.iron()), gold, platinum};
        this.tolerance = properties.tolerance();
    }

    /** How many of {@code n} customers a ranking must have strictly below a value for it to reach this level (1..3). */
    long needed(int level, long n) {
        return BigDecimal.ONE
                .subtract(cumulative[level - 1])
                .multiply(BigDecimal.valueOf(n))
                .setScale(0, RoundingMode.CEILING)
                .longValueExact();
    }

    /** Customers at or above this level (1..3) that a ranking of {@code n} distinct values gives. */
    public long allowed(int level, long n) {
        return n - needed(level, n);
    }

    public long slack(int level, long n) {
        return tolerance
                .multiply(BigDecimal.valueOf(allowed(level, n)))
                .setScale(0, RoundingMode.CEILING)
                .longValueExact();
    }

    /** The most customers at or above this level at any moment, in a base of {@code n}. */
    public long most(int level, long n) {
        return allowed(level, n) + slack(level, n);
    }

    /** The fewest at or above this level once a ranking has settled the base ({@link #rerankDue} false), distinct values. */
    public long fewest(int level, long n) {
        return Math.max(0, allowed(level, n) - slack(level, n));
    }

    /**
     * The tier an order may give its customer: {@code proposed} (by the thresholds) if each tier it rises into has
     * room under its cap, else the highest that has. A fall, or staying, is always allowed.
     */
    public Tier admit(Tally tally, Tier before, Tier proposed) {
        if (proposed.level() <= before.level()) {
            return proposed;
        }
        int granted = before.level();
        while (granted < proposed.level() && tally.atOrAbove(granted + 1) < most(granted + 1, tally.population())) {
            granted++;
        }
        return Tier.ofLevel(granted);
    }

    /** The tally after a customer moved from {@code before} to {@code after}, counting a refusal if {@code proposed} was higher. */
    public Tally move(Tally tally, Tier before, Tier after, Tier proposed) {
        long[] members = tally.members().clone();
        for (int l = 1; l <= 3; l++) {
            members[l - 1] += (after.level() >= l ? 1 : 0) - (before.level() >= l ? 1 : 0);
        }
        return new Tally(tally.population(), members, tally.refused() + (after != proposed ? 1 : 0));
    }

    /** A re-rank is due: a promotion was refused, or the base grew by more than half the tolerance since the ranking. */
    public boolean rerankDue(Tally tally, long customers) {
        BigDecimal twiceGrown = BigDecimal.valueOf(2 * (customers - tally.population()));
        return tally.refused() > 0
                || twiceGrown.compareTo(tolerance.multiply(BigDecimal.valueOf(tally.population()))) > 0;
    }
}
