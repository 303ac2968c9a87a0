package io.junction.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hub under test: the built jar in a JVM of its own, on embedded defaults with a persistent broker journal, its
 * data in the run's folder. Reads what the process costs from /proc (CPU ticks, peak RSS) and its used heap from
 * jstat, sampled every 250 ms.
 */
final class HubProcess implements AutoCloseable {

    private static final long TICKS_PER_SECOND = 100;

    private final Process process;
    private final int port;
    private final AtomicLong peakHeapBytes = new AtomicLong();
    private Process jstat;

    private HubProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static HubProcess start(Options options, Path dataDir, String hubDbUrl, String erpDbUrl, String dbUser) throws Exception {
        Path jar = jar(options.repo());
        java.nio.file.Files.createDirectories(dataDir);
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of("java", "-Xmx" + options.heap()));
        if (options.profile()) {
            command.add("-XX:FlightRecorderOptions:stackdepth=256");
            command.add("-XX:StartFlightRecording=settings=profile,filename=" + dataDir.resolve("hub.jfr"));
        }
        command.addAll(List.of("-jar", jar.toString(),
                "--server.port=" + port,
                "--junction.data-dir=" + dataDir,
                "--junction.bus.consumers=" + options.consumers(),
                // the bench measures the pipeline, not the stand-in ERP answering orders
                "--junction.erp.simulator.enabled=false",
                "--spring.datasource.url=" + hubDbUrl,
                "--spring.datasource.username=" + dbUser,
                "--junction.erp.datasource.url=" + erpDbUrl,
                "--junction.erp.datasource.username=" + dbUser));
        Process p = new ProcessBuilder(command).directory(options.repo().toFile())
                .redirectErrorStream(true).redirectOutput(dataDir.resolve("hub.log").toFile()).start();
        HubProcess hub = new HubProcess(p, port);
        hub.awaitHealthy(Duration.ofMinutes(3), dataDir.resolve("hub.log"));
        hub.sampleHeap();
        return hub;
    }

    private static Path jar(Path repo) throws IOException {
        try (var files = Files.list(repo.resolve("target"))) {
            return files.filter(f -> f.getFileName().toString().matches("junction-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no target/junction-*.jar: build it with ./mvnw package -DskipTests"));
        }
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    private void awaitHealthy(Duration limit, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the hub exited during startup; see " + log);
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the hub was not healthy within " + limit + "; see " + log);
    }

    /** jstat prints the generations' used KB every 250 ms; their sum is the used heap. */
    private void sampleHeap() throws IOException {
        jstat = new ProcessBuilder("jstat", "-gc", Long.toString(process.pid()), "250").redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(jstat.getInputStream()))) {
                List<String> header = null;
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    List<String> cells = Arrays.asList(line.trim().split("\\s+"));
                    if (cells.contains("EU")) {
                        header = cells;
                    } else if (header != null && cells.size() == header.size()) {
                        double kb = 0;
                        for (String generation : List.of("S0U", "S1U", "EU", "OU")) {
                            kb += Double.parseDouble(cells.get(header.indexOf(generation)));
                        }
                        long bytes = (long) (kb * 1024);
                        peakHeapBytes.accumulateAndGet(bytes, Math::max);
                    }
                }
            } catch (IOException | NumberFormatException ended) {
                // the hub or jstat went away
            }
        }, "jstat-reader");
        reader.setDaemon(true);
        reader.start();
    }

    long peakHeapBytes() {
        return peakHeapBytes.get();
    }

    /** The process's user + system CPU time so far, all threads. */
    double cpuSeconds() throws IOException {
        return cpuSeconds(Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat")));
    }

    /** The process's CPU time by kind of thread ({@link ThreadCpu}). */
    java.util.Map<String, Double> cpuSecondsByThreadGroup() throws IOException {
        return ThreadCpu.byGroup(process.pid());
    }

    /** User + system CPU seconds of a /proc stat line (of a process or of one of its threads). */
    static double cpuSeconds(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after the command name: state is field 3, utime 14 and stime 15 (proc(5)), i.e. indexes 11 and 12 here
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / (double) TICKS_PER_SECOND;
    }

    /** The peak resident set size (VmHWM). */
    long peakRssBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        return -1;
    }

    @Override
    public void close() throws InterruptedException {
        if (jstat != null) {
            jstat.destroy();
        }
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
