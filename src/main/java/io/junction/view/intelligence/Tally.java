package io.junction.view.intelligence;

/**
 * How full the tiers are (table intelligence_tally): the population of the last ranking, the customers at or above
 * each tier now ({@code members[0]} iron or better, {@code [1]} gold or better, {@code [2]} platinum), and the
 * promotions refused for a full tier since the ranking.
 */
public record Tally(long population, long[] members, long refused) {

    public static Tally empty() {
        return new Tally(0, new long[3], 0);
    }

    /** The tally of a ranking: its population and everyone's tier in it. */
    public static Tally of(long population, Iterable<Tier> tiers) {
        long[] members = new long[3];
        for (Tier tier : tiers) {
            for (int level = 1; level <= tier.level(); level++) {
                members[level - 1]++;
            }
        }
        return new Tally(population, members, 0);
    }

    /** Customers at or above the tier of this level (1 iron, 2 gold, 3 platinum). */
    public long atOrAbove(int level) {
        return members[level - 1];
    }
}
