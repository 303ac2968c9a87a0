package io.junction.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The built hub jar (or the compiled classes, {@link #fromClassPath}) running as a separate JVM on one data folder, as
 * an operator runs it: started, killed with SIGKILL ({@link Process#destroyForcibly()} on Linux), restarted on the same
 * data, stopped with SIGTERM. Its output
 * goes to target/&lt;suite&gt;/&lt;name&gt;.log. Settings are command-line arguments; an environment (as a container
 * gets it) may be added.
 */
public final class HubProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    /** How to run the hub: -jar and the built jar, or -cp and a class path with the main class. */
    private final List<String> program;

    private final Path workingDirectory;
    private final Path dataDir;
    private final List<String> settings;
    private final Map<String, String> environment;
    private final Path log;
    private final int port = freePort();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;
    private int starts;

    public HubProcess(Path dataDir, String name, List<String> settings) {
        this(dataDir, "reliability", name, settings, Map.of());
    }

    public HubProcess(Path dataDir, String suite, String name, List<String> settings, Map<String, String> environment) {
        this(List.of("-jar", builtJar(suite)), null, dataDir, suite, name, settings, environment);
    }

    private HubProcess(
            List<String> program,
            Path workingDirectory,
            Path dataDir,
            String suite,
            String name,
            List<String> settings,
            Map<String, String> environment) {
        this.program = program;
        this.workingDirectory = workingDirectory;
        this.dataDir = dataDir;
        this.settings = settings;
        this.environment = environment;
        this.log = Path.of("target", suite, name + ".log").toAbsolutePath();
    }

    /**
     * The hub from this test JVM's class path (target/classes: the code and the defaults the jar carries), started in
     * another working directory: as the jar runs anywhere, without packaging it first.
     */
    public static HubProcess fromClassPath(
            Path workingDirectory,
            Path dataDir,
            String suite,
            String name,
            List<String> settings,
            Map<String, String> environment) {
        return new HubProcess(
                List.of("-cp", System.getProperty("java.class.path"), "io.junction.JunctionApplication"),
                workingDirectory,
                dataDir,
                suite,
                name,
                settings,
                environment);
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    public Path log() {
        return log;
    }

    /** Starts the hub and waits until it is ready for traffic. */
    public void start() throws IOException, InterruptedException {
        launch();
        awaitReady();
    }

    /** Starts the hub without waiting for it. */
    public void launch() throws IOException {
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx384m", "-XX:TieredStopAtLevel=1"));
        command.addAll(program);
        command.addAll(List.of("--server.port=" + port, "--junction.data-dir=" + dataDir));
        command.addAll(settings);
        starts++;
        Files.writeString(
                log,
                "\n==== start " + starts + " ====\n",
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        process = builder.start();
    }

    /** Waits until the started hub is ready for traffic. */
    public void awaitReady() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "the hub exited with " + process.exitValue() + " during start; see " + log);
            }
            if (ready()) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("the hub was not ready within " + START_TIMEOUT + "; see " + log);
    }

    private boolean ready() {
        return readiness() == 200;
    }

    /** The readiness probe's HTTP status, or 0 while the hub does not answer. */
    public int readiness() {
        try {
            HttpResponse<Void> response = http.send(
                    HttpRequest.newBuilder(uri("/actuator/health/readiness"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return response.statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** The exit code of a hub expected to stop on its own (a start that fails); -1 if it still runs after the timeout. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** kill -9: no shutdown hook, no flush, no broker or database close. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** A graceful stop (SIGTERM), which releases the H2 files so the test can read them. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    private static String builtJar(String suite) {
        String built = System.getProperty("junction.jar");
        if (built == null) {
            throw new IllegalStateException(
                    "system property junction.jar is not set: run the suite with ./mvnw verify -P" + suite);
        }
        return built;
    }

    private static String javaBinary() {
        return ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** A loopback port free at this moment. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
