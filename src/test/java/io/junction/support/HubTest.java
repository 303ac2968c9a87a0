package io.junction.support;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.ops.JournalRows;
import io.junction.platform.bus.BusTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole hub as it runs: real HTTP on a random port, the embedded Artemis broker with a persistent journal, and
 * the real database (H2, or PostgreSQL with -Ppostgres), all in a fresh data folder per test JVM.
 */
@CamelSpringBootTest
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class HubTest {

    protected static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** How long a request may take before the test gives up on it. */
    protected Duration requestTimeout = Duration.ofSeconds(30);

    @LocalServerPort
    protected int port;

    @Autowired
    protected CamelContext camel;

    @Autowired
    protected JdbcTemplate jdbc;

    @Autowired
    private JournalRows journalRows;
    /** The configured addresses and queues (junction.bus). */
    @Autowired
    protected BusTopology topology;

    @DynamicPropertySource
    static void hubProperties(DynamicPropertyRegistry registry) {
        // every Spring context (tests with other settings get their own) has its own broker journal and databases
        Path dataDir = createDataDir();
        registry.add("junction.data-dir", dataDir::toString);
        registry.add("junction.samples.period-ms", () -> "50");
        // tests act as the ERP themselves; the ones about the stand-in ERP start it
        registry.add("junction.erp.simulator.enabled", () -> "false");
        registry.add("junction.erp.status-poll-ms", () -> "200");
        registry.add("junction.erp.inventory-poll-ms", () -> "200");
        // the shipment sweep runs often, so delay tests see its effect in moments
        registry.add("junction.shipments.sweep-ms", () -> "300");
        // no re-ranking behind the tests' backs (the caps still hold); tests about the tier shares turn it on with
        // junction.test.rebalance-ms (a property of their own: a subclass cannot override a dynamic property)
        registry.add("junction.intelligence.rebalance-ms", () -> "${junction.test.rebalance-ms:3600000}");
        TestDatabase.register(registry);
    }

    @Value("${junction.data-dir}")
    private Path dataDir;

    /** Writes the journal's rows that wait for their batch (JournalRows), so a test can read them at once. */
    protected void flushJournal() {
        journalRows.flush();
    }

    protected Path dataDir() {
        return dataDir;
    }

    private static Path createDataDir() {
        try {
            return Files.createTempDirectory("junction-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Posts a fixture as its storefront would: same path and headers, signed with the development secret. */
    protected HttpResponse<String> deliver(Fixture fixture) {
        byte[] body = fixture.body().toString().getBytes(StandardCharsets.UTF_8);
        String[] signature = Signatures.header(fixture.dialect(), body);
        return post(fixture.path(), body, fixture.headers(), signature[0], signature[1]);
    }

    protected HttpResponse<String> post(String path, byte[] body, Map<String, String> headers, String... moreHeaders) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .timeout(requestTimeout)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        boolean contentType = false;
        for (Map.Entry<String, String> h : headers.entrySet()) {
            request.header(h.getKey(), h.getValue());
            contentType |= h.getKey().equalsIgnoreCase("Content-Type");
        }
        for (int i = 0; i < moreHeaders.length; i += 2) {
            request.header(moreHeaders[i], moreHeaders[i + 1]);
            contentType |= moreHeaders[i].equalsIgnoreCase("Content-Type");
        }
        if (!contentType) {
            request.header("Content-Type", "application/json");
        }
        return send(request.build());
    }

    protected HttpResponse<String> get(String path) {
        return send(
                HttpRequest.newBuilder(uri(path)).timeout(requestTimeout).GET().build());
    }

    /** The customer view of this e-mail once it satisfies {@code ready}; fails after 20 s. */
    protected JsonNode awaitCustomer(String email, java.util.function.Predicate<JsonNode> ready) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    HttpResponse<String> response =
                            getAs(VIEWER, "/api/customers?email=" + URLEncoder.encode(email, StandardCharsets.UTF_8));
                    if (response.statusCode() != 200) {
                        return false;
                    }
                    found[0] = JSON.readTree(response.body());
                    return ready.test(found[0]);
                });
        return found[0];
    }

    /** The one order of the customer with this e-mail, once it satisfies {@code ready}. */
    protected JsonNode awaitOnlyOrder(String email, java.util.function.Predicate<JsonNode> ready) {
        return awaitCustomer(
                        email,
                        c -> c.path("orders").size() == 1
                                && ready.test(c.path("orders").get(0)))
                .path("orders")
                .get(0);
    }

    protected static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The development logins of the operations surface (config/application.yml, junction.ops). */
    protected static final String VIEWER = "viewer:junction-dev-viewer";

    protected static final String OPERATOR = "operator:junction-dev-operator";

    /** Requests as a login ({@code user:password}, HTTP Basic), or anonymously when {@code login} is null. */
    protected HttpResponse<String> getAs(String login, String path) {
        return send(requestAs(login, path).GET().build());
    }

    protected HttpResponse<String> postAs(String login, String path, String json) {
        return send(requestAs(login, path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    protected HttpResponse<String> putAs(String login, String path, String json) {
        return send(requestAs(login, path)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json))
                .build());
    }

    protected HttpResponse<String> deleteAs(String login, String path) {
        return send(requestAs(login, path).DELETE().build());
    }

    private HttpRequest.Builder requestAs(String login, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
        if (login != null) {
            request.header(
                    "Authorization",
                    "Basic " + java.util.Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }

    protected URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    protected HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
