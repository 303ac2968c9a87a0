package io.junction.topology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One standalone Artemis broker as an operator runs it: an instance made by {@code bin/artemis create} from the
 * distribution, its etc/broker.xml replaced by one of the project's (config/broker.xml, config/broker-backup.xml,
 * unchanged), started with {@code bin/artemis run}, its hosts and ports given as the system properties the files read.
 * Killed with SIGKILL, stopped with SIGTERM, started again on the same journal. Output: target/topology/&lt;name&gt;.log.
 */
final class ArtemisBroker implements AutoCloseable {

    static final String USER = "junction";
    static final String PASSWORD = "junction";

    private final String name;
    private final Path instance;
    private final Path config;
    private final Map<String, String> properties;
    private final Path log;
    private Process process;
    /** Where the log of the current run begins. */
    private long runStart;

    ArtemisBroker(String name, Path instance, Path config, Map<String, String> properties) {
        this.name = name;
        this.instance = instance;
        this.config = config;
        this.properties = properties;
        this.log = Path.of("target", "topology", name + ".log");
    }

    /** {@code artemis create} with the login the hubs use, then the project's configuration over the generated one. */
    void create() throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("junction.artemis.home", "target/artemis/apache-artemis-2.40.0"));
        Process create = new ProcessBuilder(
                        home.resolve("bin/artemis").toString(),
                        "create",
                        "--silent",
                        "--force",
                        "--user",
                        USER,
                        "--password",
                        PASSWORD,
                        "--require-login",
                        "--no-web",
                        "--no-autotune",
                        instance.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile()))
                .start();
        if (!create.waitFor(2, TimeUnit.MINUTES) || create.exitValue() != 0) {
            throw new IllegalStateException("artemis create failed for " + name + "; see " + log);
        }
        Files.copy(config, instance.resolve("etc/broker.xml"), StandardCopyOption.REPLACE_EXISTING);
    }

    void start() throws IOException {
        Files.writeString(log, "\n==== start ====\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        runStart = logPosition();
        ProcessBuilder builder = new ProcessBuilder(
                        instance.resolve("bin/artemis").toString(), "run")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // the last -Xms/-Xmx wins over the profile's 512M/2G: four JVMs share this machine
        builder.environment()
                .put(
                        "JAVA_ARGS_APPEND",
                        "-Xms64m -Xmx384m "
                                + properties.entrySet().stream()
                                        .map(p -> "-D" + p.getKey() + "=" + p.getValue())
                                        .collect(Collectors.joining(" ")));
        process = builder.start();
    }

    /** Until the broker's log since its last start shows one of the lines (Artemis' message codes). */
    void awaitLog(Duration timeout, String... codes) throws IOException, InterruptedException {
        awaitLogSince(runStart, timeout, codes);
    }

    /** How far the log is written now: for {@link #awaitLogSince}. */
    long logPosition() throws IOException {
        return Files.size(log);
    }

    /** Until the broker's log after the position shows one of the lines (Artemis' message codes). */
    void awaitLogSince(long position, Duration timeout, String... codes) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.readString(log);
            String since = text.substring((int) Math.min(position, text.length()));
            for (String code : codes) {
                if (since.contains(code)) {
                    return;
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(
                name + " did not log any of " + List.of(codes) + " within " + timeout + "; see " + log);
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    /**
     * Whether the log after the position shows one of the lines within the time; false as soon as the broker has
     * exited (where compose's restart policy would start it again).
     */
    boolean logsSince(long position, Duration timeout, String... codes) throws IOException, InterruptedException {
        try {
            awaitLogSince(position, timeout, codes);
            return true;
        } catch (IllegalStateException exitedOrTimedOut) {
            return false;
        }
    }

    /** kill -9: no journal close, no goodbye to the clients. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private java.io.File logFile() throws IOException {
        Files.createDirectories(log.getParent());
        return log.toFile();
    }
}
