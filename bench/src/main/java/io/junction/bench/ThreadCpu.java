package io.junction.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The hub's CPU time by kind of thread, read from /proc/&lt;pid&gt;/task: what a Java profile cannot show (the JIT
 * compilers, the garbage collector, the kernel's side of file writes) next to the pipeline's own threads. A thread
 * that ends between two readings takes its time with it, so the groups can add up to less than the process's CPU.
 */
final class ThreadCpu {

    /** Thread names (as the kernel keeps them: the first 15 characters) to group, first match wins. */
    private static final List<Map.Entry<String, String>> GROUPS = List.of(
            Map.entry("C1 CompilerThre", "JIT compiler"),
            Map.entry("C2 CompilerThre", "JIT compiler"),
            Map.entry("GC Thread", "garbage collector"),
            Map.entry("G1 ", "garbage collector"),
            Map.entry("VM Thread", "garbage collector"),
            Map.entry("http-nio-", "HTTP intake"),
            Map.entry("task-", "HTTP intake"),
            Map.entry("Camel (", "Camel consumers and timers"),
            Map.entry("Thread-", "Artemis broker"),
            Map.entry("activemq-", "Artemis broker"),
            Map.entry("H2-", "H2 writer"));

    private ThreadCpu() {
    }

    /** CPU seconds so far per group of the process's live threads. */
    static Map<String, Double> byGroup(long pid) throws IOException {
        Map<String, Double> seconds = new TreeMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    seconds.merge(group(name), HubProcess.cpuSeconds(stat), Double::sum);
                } catch (IOException ended) {
                    // the thread ended while being read
                }
            }
        }
        return seconds;
    }

    /** The share of {@code total} CPU seconds each group used between two readings, in percent. */
    static Map<String, Double> shares(Map<String, Double> before, Map<String, Double> after, double total) {
        Map<String, Double> shares = new LinkedHashMap<>();
        after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0.0)))
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> shares.put(e.getKey(), Bench.round(100 * e.getValue() / Math.max(total, 1e-9))));
        return shares;
    }

    private static String group(String threadName) {
        return GROUPS.stream().filter(g -> threadName.startsWith(g.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse("other");
    }
}
