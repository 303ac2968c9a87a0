package io.junction.adapter.erp.erpnext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * ERPNext's REST API (Frappe's {@code /api/resource/<doctype>} and {@code /api/method/<method>}) with token
 * authentication ({@code Authorization: token <api_key>:<api_secret>}). Query parameters (fields, filters) are JSON,
 * URL-encoded; answers carry their result in {@code data} (resources) or {@code message} (methods). An error answer
 * becomes an {@link ErpNextException} with Frappe's own reason.
 */
@Component
public class ErpNextClient {

    private final ErpNextProperties erpnext;
    private final ObjectMapper json;
    private final HttpClient http;

    public ErpNextClient(ErpNextProperties erpnext, ObjectMapper json) {
        this.erpnext = erpnext;
        this.json = json;
        this.http = HttpClient.newBuilder().connectTimeout(erpnext.timeout()).build();
    }

    /** {@code GET /api/resource/<doctype>}: the documents matching {@code filters}, only {@code fields}. */
    public List<JsonNode> list(
            String doctype, List<String> fields, List<List<Object>> filters, String orderBy, int limit) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("fields", write(fields));
        query.put("filters", write(filters));
        if (orderBy != null) {
            query.put("order_by", orderBy);
        }
        query.put("limit_page_length", String.valueOf(limit));
        String params = query.entrySet().stream()
                .map(e -> e.getKey() + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        List<JsonNode> docs = new ArrayList<>();
        send(request("/api/resource/" + segment(doctype) + "?" + params).GET())
                .path("data")
                .forEach(docs::add);
        return docs;
    }

    /** {@code GET /api/resource/<doctype>/<name>}: the whole document, child tables included. */
    public JsonNode get(String doctype, String name) {
        return send(request("/api/resource/" + segment(doctype) + "/" + segment(name))
                        .GET())
                .path("data");
    }

    /** {@code POST /api/resource/<doctype>}: the document created (submitted too if it says docstatus 1). */
    public JsonNode insert(String doctype, JsonNode doc) {
        return send(request("/api/resource/" + segment(doctype)).POST(body(doc)))
                .path("data");
    }

    /** {@code POST /api/method/<method>} with JSON arguments: the method's {@code message}. */
    public JsonNode call(String method, Map<String, ?> arguments) {
        return send(request("/api/method/" + method).POST(body(json.valueToTree(arguments))))
                .path("message");
    }

    /** The user the API key belongs to ({@code frappe.auth.get_logged_user}): the cheapest check of the credentials. */
    public String loggedUser() {
        return send(request("/api/method/frappe.auth.get_logged_user").GET())
                .path("message")
                .asText();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(erpnext.url() + path))
                .timeout(erpnext.timeout())
                .header("Authorization", "token " + erpnext.apiKey() + ":" + erpnext.apiSecret())
                .header("Accept", "application/json");
    }

    private HttpRequest.BodyPublisher body(JsonNode doc) {
        return HttpRequest.BodyPublishers.ofString(write(doc));
    }

    private JsonNode send(HttpRequest.Builder builder) {
        HttpRequest request = builder.header("Content-Type", "application/json").build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ErpNextException(
                    0,
                    null,
                    "ERPNext did not answer " + request.method() + " "
                            + request.uri().getPath() + ": " + e,
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ErpNextException(0, null, "interrupted while calling ERPNext", e);
        }
        JsonNode answer = read(response.body());
        if (response.statusCode() >= 300) {
            throw FrappeErrors.of(
                    response.statusCode(),
                    answer,
                    request.method() + " " + request.uri().getPath());
        }
        return answer;
    }

    private JsonNode read(String text) {
        try {
            return text == null || text.isBlank() ? json.createObjectNode() : json.readTree(text);
        } catch (IOException e) {
            // an HTML error page of a proxy in front of ERPNext: its text is the reason
            return json.createObjectNode().put("message", text.length() > 200 ? text.substring(0, 200) : text);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A path segment: doctypes have spaces ("Sales Order"), which a path spells %20. */
    private static String segment(String value) {
        return encode(value).replace("+", "%20");
    }
}
