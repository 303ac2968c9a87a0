package io.junction.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.junction.bench.Bench.round;

/** The phases of the hub's run, each on its own slice of the order stream, and the figures each one yields. */
final class Phases {

    private final Options options;
    private final OrderStream orders;
    private final HubProcess hub;
    private final LoadGenerator load;
    private final Completion completion;
    private final long timeoutMillis;
    /** Orders accepted so far, in every phase: what the completion counts have to reach. */
    private int accepted;

    Phases(Options options, OrderStream orders, HubProcess hub, LoadGenerator load, Completion completion) {
        this.options = options;
        this.orders = orders;
        this.hub = hub;
        this.load = load;
        this.completion = completion;
        this.timeoutMillis = options.timeoutSeconds() * 1000L;
    }

    void warmUp(int from, int to) throws Exception {
        LoadGenerator.Result warm = load.closed(from, to, options.concurrency());
        accepted += warm.acceptedAtMicros().size();
        if (!completion.await(accepted, timeoutMillis)) {
            throw new IllegalStateException("warm-up orders did not all arrive within " + options.timeoutSeconds() + " s");
        }
    }

    /** Orders [from, to) end to end: closed model with {@code --concurrency} senders, or open at {@code rate} a second. */
    Map<String, Object> measure(int from, int to, int rate) throws Exception {
        double cpuBefore = hub.cpuSeconds();
        Map<String, Double> threadsBefore = hub.cpuSecondsByThreadGroup();
        LoadGenerator.Result run = rate > 0 ? load.open(from, to, rate) : load.closed(from, to, options.concurrency());
        accepted += run.acceptedAtMicros().size();
        boolean complete = completion.await(accepted, timeoutMillis);
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
        Stats e2e = new Stats(Arrays.copyOf(endToEnd, n));
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("load", rate > 0 ? "open, " + rate + " orders/s" : "closed, " + options.concurrency() + " senders");
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
        figures.put("cpuSecondsPer1000Orders", round(cpu * 1000 / Math.max(1, n), 2));
        figures.put("cpuPercentByThreadGroup", ThreadCpu.shares(threadsBefore, threadsAfter, cpu));
        return figures;
    }

    /**
     * Orders [from, to) into the hub with its order consumers stopped, closed model: the accept rate and the CPU the
     * whole hub process spends per accepted webhook (HTTP, security, journal row, mapping, validation, the durable send
     * and the broker's side of it, JIT and GC), with no consumer work mixed in. The consumers are not started again:
     * this is the last phase.
     */
    Map<String, Object> intakeOnly(int from, int to) throws Exception {
        List<String> stopped = HubRoutes.stopConsumersOf(hub.pid(), "junction.order");
        double cpuBefore = hub.cpuSeconds();
        Map<String, Double> threadsBefore = hub.cpuSecondsByThreadGroup();
        LoadGenerator.Result run = load.closed(from, to, options.concurrency());
        double cpu = hub.cpuSeconds() - cpuBefore;
        Map<String, Double> threadsAfter = hub.cpuSecondsByThreadGroup();
        int n = run.acceptedAtMicros().size();
        Stats accept = new Stats(run.acceptMillis());
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("stoppedRoutes", stopped);
        figures.put("sent", to - from);
        figures.put("accepted", n);
        figures.put("rejected429or503", run.rejected());
        figures.put("failed", run.failed());
        figures.put("acceptedPerSecond", round(n / run.seconds()));
        figures.put("acceptP50Ms", round(accept.p(50)));
        figures.put("acceptP99Ms", round(accept.p(99)));
        figures.put("cpuMsPerAcceptedWebhook", round(cpu * 1000 / Math.max(1, n), 3));
        figures.put("cpuPercentByThreadGroup", ThreadCpu.shares(threadsBefore, threadsAfter, cpu));
        return figures;
    }
}
