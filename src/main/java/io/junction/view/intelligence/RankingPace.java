package io.junction.view.intelligence;

/**
 * Keeps the rebalance's rankings to a share of one thread's time: after a ranking that took d, the rebalance check
 * starts no other for d × (1 − share) / share (0.10: a ranking of 3 s waits 27 s). A ranking costs the whole base, so
 * a large base whose promotions keep being refused (or a base growing fast) would otherwise be re-ranked back to back
 * and hold a core and the database for it. Times are {@link System#nanoTime()} readings.
 */
final class RankingPace {

    private final double share;
    private boolean ranked;
    private long nextAllowed;

    RankingPace(double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException(
                    "junction.intelligence.rebalance-max-share must be above 0 and at most 1, not " + share);
        }
        this.share = share;
    }

    /** Whether the rebalance may start a ranking now. */
    synchronized boolean mayRank(long now) {
        return !ranked || now - nextAllowed >= 0;
    }

    /** A ranking (the rebalance's or the scheduled one) ran from {@code started} to {@code ended}. */
    synchronized void ranked(long started, long ended) {
        long took = ended - started;
        ranked = true;
        nextAllowed = ended + (long) (took * (1 - share) / share);
    }
}
