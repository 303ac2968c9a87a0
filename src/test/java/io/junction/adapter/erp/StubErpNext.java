package io.junction.adapter.erp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An ERPNext site on a real HTTP server, speaking Frappe's documented REST API: token auth
 * ({@code Authorization: token key:secret}, else 401 AuthenticationError), {@code GET /api/resource/<doctype>} with
 * JSON {@code fields}, {@code filters} ([field, op, value], ops =, >, >=), {@code order_by} and
 * {@code limit_page_length} answered as {@code {"data": [...]}}; {@code GET .../<name>} and {@code POST} as
 * {@code {"data": {...}}}; {@code POST /api/method/frappe.client.cancel}; Frappe's 417 with {@code exc_type} and
 * {@code _server_messages} for a Sales Order item it does not know; and 503 while {@link #outages} lasts.
 */
final class StubErpNext {

    static final String KEY = "test-key";
    static final String SECRET = "test-secret";
    static final String UNKNOWN_ITEM = "NO-SUCH-SKU";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter MODIFIED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    /** One request: method, path (decoded), query parameters (decoded), body, Authorization. */
    record Request(String method, String path, Map<String, String> query, JsonNode body, String authorization) {}

    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Sales Order POSTs still to answer 503 (ERPNext in maintenance). */
    final AtomicInteger outages = new AtomicInteger();

    final AtomicReference<String> acceptedToken = new AtomicReference<>("token " + KEY + ":" + SECRET);
    private final Map<String, List<ObjectNode>> docs = new HashMap<>();
    private final AtomicInteger names = new AtomicInteger();
    private final HttpServer server;

    StubErpNext() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/api", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
    }

    /** ERPNext's "now" as it writes {@code modified}: strictly increasing, so every change is a later one. */
    private static final AtomicReference<LocalDateTime> CLOCK =
            new AtomicReference<>(LocalDateTime.now(ZoneOffset.UTC));

    static String now() {
        return CLOCK.updateAndGet(last -> {
                    LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
                    return now.isAfter(last) ? now : last.plusNanos(1000);
                })
                .format(MODIFIED);
    }

    /** Adds (or, same name, replaces) a document as ERPNext's users would, stamped modified now. */
    synchronized ObjectNode put(String doctype, ObjectNode doc) {
        doc.put("modified", now());
        List<ObjectNode> list = docs.computeIfAbsent(doctype, d -> new ArrayList<>());
        list.removeIf(d -> d.path("name").asText().equals(doc.path("name").asText()));
        list.add(doc);
        return doc;
    }

    synchronized List<ObjectNode> all(String doctype) {
        return List.copyOf(docs.getOrDefault(doctype, List.of()));
    }

    /** Changes a document's fields, stamping it modified now. */
    synchronized void change(String doctype, String name, Map<String, Object> fields) {
        ObjectNode doc = all(doctype).stream()
                .filter(d -> d.path("name").asText().equals(name))
                .findFirst()
                .orElseThrow();
        fields.forEach((k, v) -> doc.set(k, JSON.valueToTree(v)));
        doc.put("modified", now());
    }

    List<Request> requests(String method, String path) {
        return requests.stream()
                .filter(r -> r.method().equals(method) && r.path().equals(path))
                .toList();
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        byte[] raw = exchange.getRequestBody().readAllBytes();
        JsonNode body = raw.length == 0 ? null : JSON.readTree(raw);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        requests.add(new Request(exchange.getRequestMethod(), path, query, body, auth));
        if (!acceptedToken.get().equals(auth)) {
            answer(exchange, 401, error("AuthenticationError", "Invalid Authorization token"));
            return;
        }
        String[] parts = path.substring("/api/".length()).split("/", 3);
        if (parts[0].equals("method")) {
            method(exchange, parts[1], body);
        } else if (parts.length == 2 && exchange.getRequestMethod().equals("GET")) {
            answer(exchange, 200, JSON.createObjectNode().set("data", list(parts[1], query)));
        } else if (parts.length == 3) {
            ObjectNode doc = all(parts[1]).stream()
                    .filter(d -> d.path("name").asText().equals(parts[2]))
                    .findFirst()
                    .orElse(null);
            answer(
                    exchange,
                    doc == null ? 404 : 200,
                    doc == null
                            ? error("DoesNotExistError", parts[1] + " " + parts[2] + " not found")
                            : JSON.createObjectNode().set("data", doc));
        } else {
            insert(exchange, parts[1], (ObjectNode) body);
        }
    }

    private void method(HttpExchange exchange, String method, JsonNode body) throws IOException {
        switch (method) {
            case "frappe.auth.get_logged_user" ->
                answer(exchange, 200, JSON.createObjectNode().put("message", "junction@example.com"));
            case "frappe.client.cancel" -> {
                change(
                        body.path("doctype").asText(),
                        body.path("name").asText(),
                        Map.of("docstatus", 2, "status", "Cancelled"));
                answer(exchange, 200, JSON.createObjectNode().set("message", JSON.createObjectNode()));
            }
            default -> answer(exchange, 404, error("DoesNotExistError", "no method " + method));
        }
    }

    private void insert(HttpExchange exchange, String doctype, ObjectNode doc) throws IOException {
        if (doctype.equals("Sales Order")) {
            if (outages.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                answer(exchange, 503, JSON.createObjectNode().put("message", "Service Unavailable"));
                return;
            }
            for (int i = 0; i < doc.path("items").size(); i++) {
                String item = doc.path("items").get(i).path("item_code").asText();
                if (item.equals(UNKNOWN_ITEM)) {
                    answer(
                            exchange,
                            417,
                            error(
                                    "LinkValidationError",
                                    "Could not find Row #" + (i + 1) + ": Item Code: <strong>" + item + "</strong>"));
                    return;
                }
            }
            doc.put("name", "SAL-ORD-2026-" + String.format("%05d", names.incrementAndGet()));
            doc.put("status", doc.path("docstatus").asInt() == 1 ? "To Deliver and Bill" : "Draft");
        } else {
            // ERPNext's default naming of customers: by customer name
            doc.put("name", doc.path("customer_name").asText());
        }
        answer(exchange, 200, JSON.createObjectNode().set("data", put(doctype, doc)));
    }

    private ArrayNode list(String doctype, Map<String, String> query) throws IOException {
        List<String> fields = new ArrayList<>();
        JSON.readTree(query.getOrDefault("fields", "[\"name\"]")).forEach(f -> fields.add(f.asText()));
        JsonNode filters = JSON.readTree(query.getOrDefault("filters", "[]"));
        String orderBy = query.getOrDefault("order_by", "modified desc");
        String sortField = orderBy.split(" ")[0].equals("creation") ? "name" : orderBy.split(" ")[0];
        Comparator<ObjectNode> order =
                Comparator.comparing(d -> d.path(sortField).asText());
        ArrayNode out = JSON.createArrayNode();
        all(doctype).stream()
                .filter(d -> matches(d, filters))
                .sorted(orderBy.endsWith("desc") ? order.reversed() : order)
                .limit(Long.parseLong(query.getOrDefault("limit_page_length", "20")))
                .forEach(d -> {
                    ObjectNode row = out.addObject();
                    fields.forEach(f -> row.set(f, d.get(f)));
                });
        return out;
    }

    private static boolean matches(JsonNode doc, JsonNode filters) {
        for (JsonNode f : filters) {
            String actual = doc.path(f.get(0).asText()).asText();
            String wanted = f.get(2).asText();
            int compared = doc.path(f.get(0).asText()).isNumber()
                    ? Double.compare(Double.parseDouble(actual), Double.parseDouble(wanted))
                    : actual.compareTo(wanted);
            boolean ok =
                    switch (f.get(1).asText()) {
                        case "=" -> compared == 0;
                        case ">" -> compared > 0;
                        case ">=" -> compared >= 0;
                        default -> throw new IllegalArgumentException("operator " + f.get(1));
                    };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** Frappe's error body: exc_type, exception, and _server_messages (a JSON string of JSON strings). */
    private static ObjectNode error(String excType, String message) {
        try {
            String serverMessage =
                    JSON.writeValueAsString(Map.of("message", message, "title", "Message", "indicator", "red"));
            return JSON.createObjectNode()
                    .put("exc_type", excType)
                    .put("exception", "frappe.exceptions." + excType + ": " + message)
                    .put("_server_messages", JSON.writeValueAsString(List.of(serverMessage)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static void answer(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
