package io.junction.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Junction's benchmark (docs/performance.md): in one run on one machine, the two baselines (raw Artemis, raw JDBC) and
 * then the hub itself, driven through its real webhook until every order is in the customer view and staged for the
 * ERP. Prints a table and writes the same figures as JSON, the hub's as ratios of the baselines too.
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
            System.out.println("baseline (a): raw Artemis ...");
            ArtemisBaseline.Result artemis = ArtemisBaseline.run(orders, options.orders(), options.concurrency(), options.consumers(), runDir.resolve("artemis-baseline"));
            System.out.printf("  %.0f orders/s%n", artemis.perSecond());
            System.out.println("baseline (b): raw JDBC ...");
            JdbcBaseline.Result jdbc = JdbcBaseline.run(orders, options.orders(), options.batch(), dbs);
            System.out.printf("  %.0f orders/s%n", jdbc.perSecond());
            Map<String, Object> baselines = new LinkedHashMap<>();
            baselines.put("rawArtemisOrdersPerSecond", round(artemis.perSecond()));
            baselines.put("rawJdbcOrdersPerSecond", round(jdbc.perSecond()));
            report.put("baselines", baselines);

            System.out.println("the hub ...");
            Map<String, Object> hub = runHub(options, orders, dbs, runDir);
            report.put("hub", hub);
            double endToEnd = (double) hub.get("endToEndPerSecond");
            Map<String, Object> ratios = new LinkedHashMap<>();
            ratios.put("endToEndVsRawArtemis", round(endToEnd / artemis.perSecond(), 3));
            ratios.put("endToEndVsRawJdbc", round(endToEnd / jdbc.perSecond(), 3));
            report.put("ratios", ratios);
        }
        Report.print(report);
        Path out = Report.write(report, options.out());
        System.out.println("JSON: " + out);
    }

    private static Map<String, Object> runHub(Options options, OrderStream orders, Databases dbs, Path runDir) throws Exception {
        String hubUrl = dbs.url("hub", true);
        String erpUrl = dbs.url("erp", true);
        try (HubProcess hub = HubProcess.start(options, runDir.resolve("hub"), hubUrl, erpUrl, dbs.user());
             Connection hubDb = dbs.connect(hubUrl); Connection erpDb = dbs.connect(erpUrl)) {
            LoadGenerator load = new LoadGenerator(orders, hub.port());
            Completion completion = new Completion(hubDb, erpDb, orders.runTag());
            long timeout = options.timeoutSeconds() * 1000L;

            LoadGenerator.Result warm = load.closed(options.orders(), options.orders() + options.warmup(), options.concurrency());
            if (!completion.await(warm.acceptedAtMicros().size(), timeout)) {
                throw new IllegalStateException("warm-up orders did not all arrive within " + options.timeoutSeconds() + " s");
            }
            double cpuBefore = hub.cpuSeconds();
            Map<String, Double> threadsBefore = hub.cpuSecondsByThreadGroup();
            int from = options.orders() + options.warmup();
            int to = from + options.orders();
            LoadGenerator.Result run = options.rate() > 0 ? load.open(from, to, options.rate()) : load.closed(from, to, options.concurrency());
            int expected = warm.acceptedAtMicros().size() + run.acceptedAtMicros().size();
            boolean complete = completion.await(expected, timeout);
            double cpu = hub.cpuSeconds() - cpuBefore;
            Map<String, Double> threadsAfter = hub.cpuSecondsByThreadGroup();

            Map<String, Long> done = completion.doneAtMicros();
            long firstSent = run.acceptedAtMicros().values().stream().mapToLong(Long::longValue).min().orElse(0);
            long lastDone = 0;
            double[] endToEnd = new double[run.acceptedAtMicros().size()];
            int n = 0;
            for (Map.Entry<Integer, Long> sent : run.acceptedAtMicros().entrySet()) {
                Long at = done.get(orders.orderId(sent.getKey()));
                if (at != null) {
                    endToEnd[n++] = (at - sent.getValue()) / 1000.0;
                    lastDone = Math.max(lastDone, at);
                }
            }
            Stats accept = new Stats(run.acceptMillis());
            Stats e2e = new Stats(java.util.Arrays.copyOf(endToEnd, n));
            Map<String, Object> figures = new LinkedHashMap<>();
            figures.put("sent", to - from);
            figures.put("accepted", run.acceptedAtMicros().size());
            figures.put("rejected429or503", run.rejected());
            figures.put("failed", run.failed());
            figures.put("completed", n);
            figures.put("allCompleted", complete && n == run.acceptedAtMicros().size());
            figures.put("acceptedPerSecond", round(run.acceptedAtMicros().size() / run.seconds()));
            figures.put("endToEndPerSecond", round(n / ((lastDone - firstSent) / 1e6)));
            figures.put("acceptP50Ms", round(accept.p(50)));
            figures.put("acceptP95Ms", round(accept.p(95)));
            figures.put("acceptP99Ms", round(accept.p(99)));
            figures.put("endToEndP50Ms", round(e2e.p(50)));
            figures.put("endToEndP99Ms", round(e2e.p(99)));
            figures.put("peakHeapMb", hub.peakHeapBytes() / (1024 * 1024));
            figures.put("peakRssMb", hub.peakRssBytes() / (1024 * 1024));
            figures.put("cpuSecondsPer1000Orders", round(cpu * 1000 / Math.max(1, n), 2));
            figures.put("cpuPercentByThreadGroup", ThreadCpu.shares(threadsBefore, threadsAfter, cpu));
            return figures;
        }
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
        meta.put("jdbcBatch", options.batch());
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
