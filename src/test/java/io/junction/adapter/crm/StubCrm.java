package io.junction.adapter.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A CRM speaking Junction's generic contract, on a real HTTP server: it records every request, answers 503 while
 * "down", refuses (422) customers whose e-mail contains "reject" while rejecting, issues OAuth2 tokens, serves a
 * "modified since" list, and, when echoing, sends every upsert back to the hub's webhook the way a CRM's change
 * webhook does.
 */
final class StubCrm {

    static final String WEBHOOK_SECRET = "test-crm-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request the CRM received, and what it answered. */
    record Request(String path, String authorization, JsonNode body, int status) {}

    final List<Request> requests = new CopyOnWriteArrayList<>();
    final AtomicBoolean down = new AtomicBoolean();
    final AtomicBoolean rejecting = new AtomicBoolean(true);
    final AtomicBoolean echoing = new AtomicBoolean();
    final AtomicInteger tokensIssued = new AtomicInteger();
    final AtomicInteger echoesDropped = new AtomicInteger();
    /** A token the CRM no longer accepts (answers 401), as when it revokes or expires one early. */
    final AtomicReference<String> revoked = new AtomicReference<>();

    final AtomicReference<String> modified = new AtomicReference<>("{\"results\": []}");
    final List<String> pollSince = new CopyOnWriteArrayList<>();
    private final ExecutorService echoes = Executors.newSingleThreadExecutor();
    private final HttpClient http = HttpClient.newHttpClient();
    private final HttpServer server;
    volatile int hubPort;

    StubCrm() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(
                "/oauth/token",
                exchange -> reply(
                        exchange,
                        200,
                        "{\"access_token\":\"token-" + tokensIssued.incrementAndGet()
                                + "\",\"token_type\":\"Bearer\",\"expires_in\":3600}"));
        server.createContext("/customers/upsert", exchange -> {
            JsonNode body = read(exchange);
            String token = exchange.getRequestHeaders().getFirst("Authorization");
            if (token != null && token.equals(revoked.get())) {
                record(exchange, body, 401);
                reply(exchange, 401, "{\"message\":\"token expired\"}");
                return;
            }
            if (down.get()) {
                record(exchange, body, 503);
                reply(exchange, 503, "{\"message\":\"maintenance\"}");
                return;
            }
            if (rejecting.get() && body.path("email").asText().contains("reject")) {
                record(exchange, body, 422);
                reply(exchange, 422, "{\"message\":\"email domain is blocked\"}");
                return;
            }
            record(exchange, body, 200);
            reply(exchange, 200, "{\"id\":\"" + crmId(body) + "\"}");
            if (echoing.get()) {
                echoes.submit(() -> echo(body));
            }
        });
        server.createContext("/activities", exchange -> {
            JsonNode body = read(exchange);
            int status = down.get() ? 503 : 201;
            record(exchange, body, status);
            reply(
                    exchange,
                    status,
                    status == 201 ? "{\"id\":\"act-" + body.path("externalId").asText() + "\"}" : "{}");
        });
        server.createContext("/customers/modified", exchange -> {
            pollSince.add(exchange.getRequestURI().getQuery());
            reply(exchange, 200, modified.get());
        });
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
        echoes.shutdownNow();
    }

    static String crmId(JsonNode upsert) {
        return "crm-" + upsert.path("externalId").asText();
    }

    /** The requests to a path that the CRM accepted (2xx), in arrival order. */
    List<JsonNode> accepted(String path) {
        return requests.stream()
                .filter(r -> r.path().equals(path) && r.status() < 300)
                .map(Request::body)
                .toList();
    }

    /** Signs a webhook body as the CRM does: "sha256=" + hex HMAC-SHA256 of the raw bytes. */
    static String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a CRM's change webhook sends after our upsert: the record as it now holds it. */
    private void echo(JsonNode upsert) {
        ObjectNode record = JSON.createObjectNode();
        record.put("id", crmId(upsert));
        record.put("externalId", upsert.path("externalId").asText());
        for (String field :
                new String[] {"email", "phone", "firstName", "lastName", "address", "marketingOptIn", "preferredChannel"
                }) {
            if (upsert.has(field)) {
                record.set(field, upsert.get(field));
            }
        }
        record.put("updatedAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
        try {
            byte[] body = JSON.writeValueAsBytes(record);
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + hubPort + "/webhooks/crm"))
                            .header("Content-Type", "application/json")
                            .header("X-Junction-Signature", sign(body))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            echoesDropped.addAndGet(
                    JSON.readTree(response.body()).path("echoesDropped").asInt());
        } catch (Exception e) {
            throw new IllegalStateException("echo failed", e);
        }
    }

    private void record(HttpExchange exchange, JsonNode body, int status) {
        requests.add(new Request(
                exchange.getRequestURI().getPath(),
                exchange.getRequestHeaders().getFirst("Authorization"),
                body,
                status));
    }

    private static JsonNode read(HttpExchange exchange) throws IOException {
        return JSON.readTree(exchange.getRequestBody().readAllBytes());
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
