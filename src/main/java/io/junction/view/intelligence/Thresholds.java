package io.junction.view.intelligence;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * The cut values of one full ranking (table intelligence_thresholds): a customer is classified by comparing their own
 * measures with these, in O(1), instead of counting everyone below them. A customer is in a tier, or scores at least
 * a score, when their value is <em>strictly greater</em> than its cut: the cut is the value of the last customer who
 * does not make it, so ties fall to the lower side exactly as in the ranking. A null cut is closed: nobody in that
 * ranking had enough customers below them to reach it (a base under 100 has no platinum).
 *
 * @param population every customer known at the ranking (the tier measure's population)
 * @param buyers     the customers with a counted order (the RFM population)
 * @param tiers      the cuts of iron, gold and platinum, in this order
 * @param recency    the cuts of RFM scores 2, 3, 4 and 5 for the last order's time; likewise frequency and monetary
 */
public record Thresholds(
        long population,
        long buyers,
        Cuts<BigDecimal> tiers,
        Cuts<Instant> recency,
        Cuts<Integer> frequency,
        Cuts<BigDecimal> monetary,
        OffsetDateTime computedAt) {

    /** No ranking yet: every cut closed, so everyone is lead with RFM 1-1-1 until the first one. */
    public static Thresholds none(OffsetDateTime at) {
        return new Thresholds(0, 0, Cuts.closed(3), Cuts.closed(4), Cuts.closed(4), Cuts.closed(4), at);
    }

    /** The facts with their tier and (for a buyer) their RFM scores. */
    public Profile classify(Profile facts) {
        Profile ranked = facts.withTier(
                facts.tierValue().signum() <= 0 ? Tier.LEAD : Tier.ofLevel(tiers.level(facts.tierValue())));
        if (facts.orderCount() == 0) {
            return ranked;
        }
        return ranked.withRfm(new Rfm(
                1 + recency.level(facts.lastOrderAt().toInstant()),
                1 + frequency.level(facts.orderCount()),
                1 + monetary.level(facts.lifetimeValue())));
    }

    /** Ascending cut values, null where closed; the level of a value is the number of cuts it is strictly above. */
    public record Cuts<T extends Comparable<T>>(List<T> values) {

        static <T extends Comparable<T>> Cuts<T> closed(int n) {
            return new Cuts<>(Arrays.asList(Cuts.<T>nulls(n)));
        }

        @SuppressWarnings("unchecked")
        private static <T> T[] nulls(int n) {
            return (T[]) new Comparable[n];
        }

        /**
         * The cuts for a population sorted ascending: to reach level j a value needs at least {@code needed[j]} of the
         * population strictly below it, which holds exactly when it is above the value at index needed − 1; with
         * needed 0 every value is, and the cut is {@code floor}. Closed when nobody in the population has that many
         * below them (needed ≥ its size).
         */
        static <T extends Comparable<T>> Cuts<T> of(List<T> sorted, long[] needed, T floor) {
            T[] cuts = nulls(needed.length);
            for (int j = 0; j < needed.length; j++) {
                if (needed[j] < sorted.size()) {
                    cuts[j] = needed[j] == 0 ? floor : sorted.get((int) needed[j] - 1);
                }
            }
            return new Cuts<>(Arrays.asList(cuts));
        }

        int level(T value) {
            int level = 0;
            for (T cut : values) {
                if (cut != null && value.compareTo(cut) > 0) {
                    level++;
                }
            }
            return level;
        }

        public T get(int j) {
            return values.get(j);
        }
    }
}
