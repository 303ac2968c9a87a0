package io.junction.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Junction's benchmark (docs/performance.md): in one run on one machine, the baselines (raw Artemis committing every
 * message and every {@code --batch} messages, raw JDBC) and then the hub itself, driven through its real webhook until
 * every order is in the customer view and staged for the ERP. Prints a table and writes the same figures as JSON, the
 * hub's as ratios of the baselines too, and the targets as met or not.
 */
public final class Bench {

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Path runDir = Files.createTempDirectory("junction-bench-");
        OrderStream orders = new OrderStream(options.repo());
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("meta", meta(options));
        System.out.printf("Junction bench: %d orders (+%d warm-up), %s, %s, %d consumers per queue, data in %s%n",
                options.orders(), options.warmup(), options.mode(), options.db(), options.consumers(), runDir);

        try (Databases dbs = new Databases(options, runDir)) {
            List<String> queues = ArtemisBaseline.queues(options.queues());
            System.out.println("baseline (a1): raw Artemis, consumers commit every message ...");
            double artemis = ArtemisBaseline.run(orders, options.orders(), options.concurrency(), options.consumers(), queues, 1,
                    runDir.resolve("artemis-baseline")).perSecond();
            System.out.printf("  %.0f orders/s%n", artemis);
            System.out.printf("baseline (a2): raw Artemis, consumers commit every %d messages ...%n", options.batch());
            double artemisBatched = ArtemisBaseline.run(orders, options.orders(), options.concurrency(), options.consumers(), queues,
                    options.batch(), runDir.resolve("artemis-batched-baseline")).perSecond();
            System.out.printf("  %.0f orders/s%n", artemisBatched);
            System.out.println("baseline (b): raw JDBC ...");
            double jdbc = JdbcBaseline.run(orders, options.orders(), options.batch(), dbs).perSecond();
            System.out.printf("  %.0f orders/s%n", jdbc);
            Map<String, Object> baselines = new LinkedHashMap<>();
            baselines.put("queuesPerOrder", queues);
            baselines.put("rawArtemisOrdersPerSecond", round(artemis));
            baselines.put("rawArtemisBatchedOrdersPerSecond", round(artemisBatched));
            baselines.put("rawJdbcOrdersPerSecond", round(jdbc));
            report.put("baselines", baselines);

            System.out.println("the hub ...");
            Map<String, Object> hub = runHub(options, orders, dbs, runDir);
            report.put("hub", hub.get("run"));
            Map<String, Object> run = section(hub, "run");
            double endToEnd = (double) run.get("endToEndPerSecond");
            Map<String, Object> ratios = new LinkedHashMap<>();
            ratios.put("endToEndVsRawArtemis", round(endToEnd / artemis, 3));
            ratios.put("endToEndVsRawArtemisBatched", round(endToEnd / artemisBatched, 3));
            ratios.put("endToEndVsRawJdbc", round(endToEnd / jdbc, 3));
            report.put("ratios", ratios);
            if (hub.containsKey("targetRate")) {
                report.put("hubAtTargetRate", hub.get("targetRate"));
            }
            if (hub.containsKey("intakeOnly")) {
                report.put("intakeOnly", hub.get("intakeOnly"));
            }
            report.put("targets", Targets.of(options, run, section(hub, options.rate() == options.targetRate() ? "run" : "targetRate"),
                    endToEnd / artemisBatched));
        }
        Report.print(report);
        Path out = Report.write(report, options.out());
        System.out.println("JSON: " + out);
    }

    /**
     * The hub's phases, on consecutive slices of the order stream: the warm-up, the measured run (closed or open model),
     * then an open-model run at {@code --target-rate} (the accept-latency target), then the intake alone, with the hub's
     * order consumers stopped. Each phase but the last waits until its orders are done, so the next starts on a drained
     * pipeline; the peak heap covers them all.
     */
    private static Map<String, Object> runHub(Options options, OrderStream orders, Databases dbs, Path runDir) throws Exception {
        String hubUrl = dbs.url("hub", true);
        String erpUrl = dbs.url("erp", true);
        try (HubProcess hub = HubProcess.start(options, runDir.resolve("hub"), hubUrl, erpUrl, dbs.user());
             Connection hubDb = dbs.connect(hubUrl); Connection erpDb = dbs.connect(erpUrl)) {
            Phases phases = new Phases(options, orders, hub, new LoadGenerator(orders, hub.port()), new Completion(hubDb, erpDb, orders.runTag()));
            int from = options.orders();
            phases.warmUp(from, from + options.warmup());
            from += options.warmup();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("run", phases.measure(from, from + options.orders(), options.rate()));
            from += options.orders();
            if (options.targetRate() > 0 && options.rate() != options.targetRate()) {
                System.out.printf("  open model at %d orders/s ...%n", options.targetRate());
                result.put("targetRate", phases.measure(from, from + options.orders(), options.targetRate()));
                from += options.orders();
            }
            if (options.intakeOnly()) {
                System.out.println("  the intake alone (order consumers stopped) ...");
                result.put("intakeOnly", phases.intakeOnly(from, from + options.orders()));
            }
            section(result, "run").put("peakHeapMb", hub.peakHeapBytes() / (1024 * 1024));
            section(result, "run").put("peakRssMb", hub.peakRssBytes() / (1024 * 1024));
            return result;
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> section(Map<String, Object> map, String name) {
        return (Map<String, Object>) map.get(name);
    }

    private static Map<String, Object> meta(Options options) throws Exception {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("date", OffsetDateTime.now(ZoneOffset.UTC).withNano(0).toString());
        meta.put("commit", git(options.repo()));
        meta.put("cores", Runtime.getRuntime().availableProcessors());
        meta.put("java", System.getProperty("java.version"));
        meta.put("orders", options.orders());
        meta.put("warmup", options.warmup());
        meta.put("load", options.mode());
        meta.put("database", options.db());
        meta.put("consumersPerQueue", options.consumers());
        meta.put("batch", options.batch());
        meta.put("queuesPerOrder", options.queues());
        meta.put("targetRate", options.targetRate());
        meta.put("hubHeap", options.heap());
        meta.put("brokerJournal", "persistent");
        return meta;
    }

    private static String git(Path repo) throws Exception {
        Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").directory(repo.toFile()).start();
        String commit = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor();
        return commit.isEmpty() ? "unknown" : commit;
    }

    static double round(double value) {
        return round(value, 1);
    }

    static double round(double value, int places) {
        double scale = Math.pow(10, places);
        return Double.isNaN(value) ? value : Math.round(value * scale) / scale;
    }

    private Bench() {
    }

    /** Shared JSON writer for the report. */
    static ObjectMapper json() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }
}
