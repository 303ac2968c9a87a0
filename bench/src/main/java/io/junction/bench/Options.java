package io.junction.bench;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The run's settings, from {@code --name value} arguments; every one has a default. */
record Options(int orders, int warmup, int concurrency, int rate, String db, String pgUrl, int consumers,
               int batch, int queues, int targetRate, boolean intakeOnly, String heap, int timeoutSeconds, boolean profile,
               Path repo, Path out) {

    static Options parse(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got '" + args[i] + "'");
            }
            given.put(args[i].substring(2), args[++i]);
        }
        Options o = new Options(
                Integer.parseInt(given.getOrDefault("orders", "10000")),
                Integer.parseInt(given.getOrDefault("warmup", "1000")),
                Integer.parseInt(given.getOrDefault("concurrency", "32")),
                // 0: closed model (a fixed number of senders, each sending as soon as it has its answer);
                // above 0: open model, that many orders a second whatever the answers take
                Integer.parseInt(given.getOrDefault("rate", "0")),
                given.getOrDefault("db", "h2"),
                given.getOrDefault("pg-url", ""),
                Integer.parseInt(given.getOrDefault("consumers", "4")),
                // messages per consumer transaction of the batched Artemis baseline, orders per JDBC transaction
                Integer.parseInt(given.getOrDefault("batch", "100")),
                // queues per order in the Artemis baselines: the hub's order consumers (customer view, ERP)
                Integer.parseInt(given.getOrDefault("queues", "2")),
                // an open-model phase at the accept-latency target's rate after the measured run (0: none)
                Integer.parseInt(given.getOrDefault("target-rate", "500")),
                // a last phase with the hub's order consumers stopped: what an accepted webhook alone costs
                Boolean.parseBoolean(given.getOrDefault("intake-only", "true")),
                given.getOrDefault("heap", "512m"),
                Integer.parseInt(given.getOrDefault("timeout-seconds", "900")),
                // a Java Flight Recorder profile of the hub, written beside its log
                Boolean.parseBoolean(given.getOrDefault("profile", "false")),
                Path.of(given.getOrDefault("repo", ".")).toAbsolutePath().normalize(),
                Path.of(given.getOrDefault("out", "bench/results")));
        if (!o.db.equals("h2") && !o.db.equals("postgres")) {
            throw new IllegalArgumentException("--db is h2 or postgres");
        }
        return o;
    }

    boolean postgres() {
        return db.equals("postgres");
    }

    String mode() {
        return rate > 0 ? "open, " + rate + " orders/s" : "closed, " + concurrency + " senders";
    }
}
