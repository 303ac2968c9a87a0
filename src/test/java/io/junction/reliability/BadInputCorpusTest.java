package io.junction.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.support.HubTest;
import io.junction.support.ShopifyOrders;
import io.junction.support.Signatures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

/**
 * The bad-input corpus (src/test/resources/bad-input/&lt;adapter&gt;/, each folder with a cases.json naming every input
 * and the answer it must get): every webhook input is sent signed, so it gets past the signature check to
 * validation, and must get its specific status with a precise problem; every ERP inventory file is dropped and must
 * be refused with a report naming the bad line. Nothing of a refused input may reach a database (rows are counted in
 * every table before and after), the inputs that are legal (SQL metacharacters in free text) are stored verbatim, and
 * the hub keeps serving: a good order after the corpus still goes through. A case may add request headers
 * ("headers"), go unsigned ("unsigned") and expect a 200 whose body contains "answer" (a ping). The hub's own API joins
 * the same way (the folder api: each case a method, path, login and optional body file).
 *
 * <p>A new adapter joins with a folder: a webhook adapter's cases.json names its dialect, path, headers and topic; a
 * file-drop adapter's names its inbox (see erp-inventory).
 */
@TestPropertySource(
        properties = "junction.bus.consumers=2") // a context of its own: no other test's traffic in the counts
class BadInputCorpusTest extends HubTest {

    private static final Path CORPUS = Path.of("src", "test", "resources", "bad-input");
    private static final List<String> HUB_TABLES = List.of(
            "customer",
            "customer_xref",
            "customer_contact",
            "customer_order",
            "order_line",
            "order_status_history",
            "processed_message",
            "inventory_level",
            "crm_outbox",
            "crm_push",
            "crm_conflict",
            "shipment",
            "shipment_checkpoint",
            "shipment_line",
            "shipment_delay",
            "scm_order",
            "order_shipment",
            "event_outbox",
            "customer_intel",
            "service_case");
    private static final List<String> ERP_TABLES =
            List.of("erp_order_inbox", "erp_order_inbox_line", "erp_order_status");

    @Autowired
    @Qualifier("erpJdbcTemplate")
    JdbcTemplate erp;

    private int tried;
    private int crashes;
    private final List<String> mismatches = new ArrayList<>();

    @Test
    void everyBadInputGetsItsPreciseAnswerNothingIsHalfAppliedAndTheHubKeepsServing() throws Exception {
        // the ERP inventory table's levels first come in with the first poll: let that settle before counting
        await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.queryForObject("select count(*) from inventory_level", Integer.class)
                        .equals(erp.queryForObject("select count(*) from erp_inventory", Integer.class)));
        Map<String, Integer> before = rowCounts();
        List<Accepted> accepted = new ArrayList<>();
        for (Path folder : adapters()) {
            JsonNode corpus = JSON.readTree(folder.resolve("cases.json").toFile());
            for (JsonNode c : corpus.path("cases")) {
                if (corpus.has("api")) {
                    // the hub's own API: refusals, and reads that store nothing
                    callApi(folder, corpus, c);
                } else if (corpus.has("dialect")) {
                    if (c.path("status").asInt() == 202) {
                        accepted.add(new Accepted(folder, corpus, c));
                    } else {
                        sendWebhook(folder, corpus, c);
                    }
                } else if (c.path("outcome").asText().equals("error")) {
                    dropFile(folder, corpus, c);
                } else {
                    accepted.add(new Accepted(folder, corpus, c));
                }
            }
        }
        Map<String, Integer> afterRefused = rowCounts();
        if (!afterRefused.equals(before)) {
            mismatches.add("rows before the refused inputs " + before + ", after " + afterRefused);
        }

        for (Accepted legal : accepted) {
            if (legal.corpus.has("dialect")) {
                sendWebhook(legal.folder, legal.corpus, legal.c);
            } else {
                dropFile(legal.folder, legal.corpus, legal.c);
            }
        }
        ShopifyOrders good = new ShopifyOrders();
        HttpResponse<String> response = deliver(good.created("2024-07-01T10:00:00Z"));
        awaitOnlyOrder(good.email, order -> true);

        System.out.printf(
                "[bad-input] inputs tried: %d (%d adapters), not answered as expected: %d, crashes (5xx or no answer) = %d%n",
                tried, adapters().size(), mismatches.size(), crashes);
        mismatches.forEach(m -> System.out.println("[bad-input] " + m));
        assertThat(response.statusCode()).as("a good order after the corpus").isEqualTo(202);
        assertThat(mismatches).isEmpty();
        assertThat(crashes).isZero();
        assertThat(tried).isGreaterThan(60);
    }

    private void sendWebhook(Path folder, JsonNode corpus, JsonNode c) throws IOException {
        String name = folder.getFileName() + "/" + c.path("file").asText();
        byte[] body = body(folder, c);
        Map<String, String> headers = new LinkedHashMap<>();
        corpus.path("headers")
                .fields()
                .forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        headers.replaceAll((header, value) ->
                header.toLowerCase().contains("delivery") || header.equalsIgnoreCase("X-Shopify-Webhook-Id")
                        ? UUID.randomUUID().toString()
                        : value);
        if (corpus.has("topic")) {
            headers.put(
                    topicHeader(headers),
                    c.path("topic").asText(corpus.path("topic").asText()));
        }
        c.path("headers")
                .fields()
                .forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
        // an unsigned case is one the sender itself does not sign (WooCommerce's ping)
        String[] signature = c.path("unsigned").asBoolean()
                ? new String[0]
                : Signatures.header(corpus.path("dialect").asText(), body);
        tried++;
        HttpResponse<String> response;
        try {
            response = post(corpus.path("path").asText(), body, headers, signature);
        } catch (RuntimeException e) {
            crashes++;
            mismatches.add(name + ": no answer: " + e);
            return;
        }
        check(name, c, response);
    }

    /** A request to the hub's API as the case's (or the corpus's) login: viewer or operator. */
    private void callApi(Path folder, JsonNode corpus, JsonNode c) throws IOException {
        String path = c.path("path").asText();
        String name = folder.getFileName() + "/" + c.path("method").asText("GET") + " " + path
                + (c.has("file") ? " " + c.path("file").asText() : "");
        String login = c.path("login").asText(corpus.path("login").asText()).equals("viewer") ? VIEWER : OPERATOR;
        String authorization =
                "Basic " + java.util.Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8));
        tried++;
        HttpResponse<String> response;
        try {
            response = c.path("method").asText("GET").equals("POST")
                    ? post(path, body(folder, c), Map.of("Authorization", authorization))
                    : send(java.net.http.HttpRequest.newBuilder(uri(path))
                            .header("Authorization", authorization)
                            .GET()
                            .build());
        } catch (RuntimeException e) {
            crashes++;
            mismatches.add(name + ": no answer: " + e);
            return;
        }
        check(name, c, response);
    }

    /** The answer is the case's: its status, and a precise problem (or the stored input, or the answer of a ping or read). */
    private void check(String name, JsonNode c, HttpResponse<String> response) {
        int status = c.path("status").asInt();
        if (response.statusCode() >= 500) {
            crashes++;
        }
        if (response.statusCode() != status) {
            mismatches.add(name + ": HTTP " + response.statusCode() + ", expected " + status + ": " + response.body());
            return;
        }
        if (status == 202) {
            checkStored(name, c);
            return;
        }
        if (status == 200) {
            // answered, not refused: a ping (nothing may be stored, which the row counts around the refused inputs
            // prove)
            if (!response.body().contains(c.path("answer").asText())) {
                mismatches.add(name + ": answer " + response.body() + " does not contain "
                        + c.path("answer").asText());
            }
            return;
        }
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        JsonNode problem = json(response);
        if (!contentType.startsWith("application/problem+json")
                || !problem.path("detail").asText().contains(c.path("detail").asText())) {
            mismatches.add(name + ": " + contentType + " " + response.body() + ", expected detail '"
                    + c.path("detail").asText() + "'");
        } else if (c.has("field")
                && !problem.path("errors")
                        .findValuesAsText("field")
                        .contains(c.path("field").asText())) {
            mismatches.add(name + ": errors " + problem.path("errors") + " do not name "
                    + c.path("field").asText());
        } else if (c.has("problem")
                && problem.path("errors").findValuesAsText("problem").stream()
                        .noneMatch(p -> p.contains(c.path("problem").asText()))) {
            mismatches.add(name + ": errors " + problem.path("errors") + " do not say '"
                    + c.path("problem").asText() + "'");
        } else if (response.body().length() > 2000) {
            mismatches.add(name + ": a problem of " + response.body().length() + " characters echoes the input");
        } else if (problem.path("detail").asText().isBlank()
                || (status == 422 && problem.path("errors").isEmpty())) {
            mismatches.add(name + ": the problem does not say what is wrong: " + response.body());
        }
    }

    /**
     * A legal input: stored exactly as sent, quotes and SQL keywords included; in the customer view ("email" and the
     * "stored" JSON pointers) or, for inputs that do not make customers, as one row each of "rows" (table, column, value).
     */
    private void checkStored(String name, JsonNode c) {
        for (JsonNode row : c.path("rows")) {
            String table = row.path("table").asText();
            String column = row.path("column").asText();
            try {
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> jdbc.queryForObject(
                                        "select count(*) from " + table + " where " + column + " = ?",
                                        Integer.class,
                                        row.path("value").asText())
                                == 1);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                mismatches.add(name + ": not stored once verbatim in " + table + "." + column);
            }
        }
        if (!c.has("email")) {
            return;
        }
        try {
            awaitCustomer(
                    c.path("email").asText(), view -> storedAsSent(view, c).isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            String view = getAs(
                            VIEWER,
                            "/api/customers?email="
                                    + java.net.URLEncoder.encode(c.path("email").asText(), StandardCharsets.UTF_8))
                    .body();
            mismatches.add(name + ": not in the customer view as sent: " + view);
        }
    }

    /** The "stored" pointers whose value in the customer view differs from the case's. */
    private static List<String> storedAsSent(JsonNode view, JsonNode c) {
        List<String> differing = new ArrayList<>();
        c.path("stored").fields().forEachRemaining(expected -> {
            if (!view.at(expected.getKey()).asText().equals(expected.getValue().asText())) {
                differing.add(expected.getKey());
            }
        });
        return differing;
    }

    /** Drops a file into the adapter's inbox as a sender would (written under another name, then renamed). */
    private void dropFile(Path folder, JsonNode corpus, JsonNode c) throws IOException {
        String name = folder.getFileName() + "/" + c.path("file").asText();
        Path inbox = dataDir().resolve("inbox").resolve(corpus.path("inbox").asText());
        Files.createDirectories(inbox);
        String dropped = UUID.randomUUID() + "-" + c.path("file").asText();
        Files.write(inbox.resolve(dropped + ".tmp"), body(folder, c));
        Files.move(inbox.resolve(dropped + ".tmp"), inbox.resolve(dropped));
        tried++;
        boolean refused = c.path("outcome").asText().equals("error");
        Path landed = inbox.resolve(refused ? "error" : "done").resolve(dropped);
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(landed));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            mismatches.add(name + ": never reached " + landed.getParent().getFileName());
            return;
        }
        if (!refused) {
            checkStored(name, c);
        } else {
            Path report = landed.resolveSibling(dropped + ".errors.txt");
            String text = Files.exists(report) ? Files.readString(report) : "(no report)";
            if (!text.contains(c.path("report").asText())) {
                mismatches.add(name + ": report '" + text.strip() + "' does not say '"
                        + c.path("report").asText() + "'");
            }
        }
    }

    private static byte[] body(Path folder, JsonNode c) throws IOException {
        byte[] raw = Files.readAllBytes(folder.resolve(c.path("file").asText()));
        JsonNode fill = c.path("fill");
        if (fill.isMissingNode()) {
            return raw;
        }
        // large inputs are generated, not stored: @@FILL@@ becomes open × times followed by close × times
        int times = fill.path("times").asInt();
        String generated = fill.path("open").asText().repeat(times)
                + fill.path("close").asText().repeat(times);
        return new String(raw, StandardCharsets.UTF_8)
                .replace("@@FILL@@", generated)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String topicHeader(Map<String, String> headers) {
        return headers.keySet().stream()
                .filter(h -> h.toLowerCase().endsWith("topic"))
                .findFirst()
                .orElseThrow();
    }

    private Map<String, Integer> rowCounts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        HUB_TABLES.forEach(t -> counts.put(t, jdbc.queryForObject("select count(*) from " + t, Integer.class)));
        ERP_TABLES.forEach(t -> counts.put(t, erp.queryForObject("select count(*) from " + t, Integer.class)));
        return counts;
    }

    private static List<Path> adapters() {
        try (Stream<Path> folders = Files.list(CORPUS)) {
            return folders.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Accepted(Path folder, JsonNode corpus, JsonNode c) {}
}
