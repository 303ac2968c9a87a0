package io.junction.bench;

import java.util.Arrays;

/** Percentiles of a set of latencies, in milliseconds. */
final class Stats {

    private final double[] sorted;

    Stats(double[] millis) {
        this.sorted = millis.clone();
        Arrays.sort(sorted);
    }

    int count() {
        return sorted.length;
    }

    /** The nearest-rank percentile; NaN when there is nothing to rank. */
    double p(double percent) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}
