package io.junction.bench;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.junction.bench.Bench.round;

/**
 * The hub's targets (issue 16: PostgreSQL, persistent journal, steady state, this 2-core machine), each with what this
 * run measured and whether it is met. A target this run did not measure (the accept latency without a phase at its
 * rate) says so instead of passing or failing.
 */
final class Targets {

    static final double END_TO_END_PER_SECOND = 1_000;
    static final double CPU_MS_PER_ORDER = 1.5;
    static final int ACCEPT_RATE = 500;
    static final double ACCEPT_P99_MS = 50;
    static final double SHARE_OF_BATCHED_ARTEMIS = 0.5;
    static final long HEAP_MB = 512;

    private Targets() {
    }

    /** {@code run}: the measured run; {@code atRate}: the phase at the target rate (null if none). */
    static Map<String, Object> of(Options options, Map<String, Object> run, Map<String, Object> atRate, double shareOfBatchedArtemis) {
        Map<String, Object> targets = new LinkedHashMap<>();
        double endToEnd = (double) run.get("endToEndPerSecond");
        targets.put("end-to-end orders/s", row(">= 1000", endToEnd, endToEnd >= END_TO_END_PER_SECOND));
        double cpu = (double) run.get("cpuSecondsPer1000Orders");
        targets.put("hub CPU ms per order", row("<= 1.5", cpu, cpu <= CPU_MS_PER_ORDER));
        if (atRate != null && options.targetRate() == ACCEPT_RATE) {
            double p99 = (double) atRate.get("acceptP99Ms");
            boolean allAccepted = (int) atRate.get("rejected429or503") == 0 && (int) atRate.get("failed") == 0;
            targets.put("accept p99 ms at 500 orders/s", row("<= 50, none refused", p99 + " ms, " + atRate.get("rejected429or503")
                    + " refused", allAccepted && p99 <= ACCEPT_P99_MS));
        } else {
            targets.put("accept p99 ms at 500 orders/s", row("<= 50, none refused", "not measured (--target-rate 500)", null));
        }
        targets.put("end to end / batched raw Artemis", row(">= 0.5", round(shareOfBatchedArtemis, 3),
                shareOfBatchedArtemis >= SHARE_OF_BATCHED_ARTEMIS));
        long heap = ((Number) run.get("peakHeapMb")).longValue();
        targets.put("peak heap MB", row("<= 512", heap, heap <= HEAP_MB));
        return targets;
    }

    private static Map<String, Object> row(String target, Object measured, Boolean met) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("target", target);
        row.put("measured", measured);
        row.put("met", met == null ? "n/a" : met ? "met" : "NOT MET");
        return row;
    }
}
