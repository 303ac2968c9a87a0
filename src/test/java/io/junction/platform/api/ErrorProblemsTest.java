package io.junction.platform.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.support.HubTest;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * Every error the hub answers is an RFC 9457 problem (application/problem+json with type, title, status and detail),
 * for browsers too: unknown paths, wrong methods, media types, and the refusals of /api, /api/ops and the actuator.
 */
class ErrorProblemsTest extends HubTest {

    private static final String HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @Test
    void anUnknownWebhookIs404NamingTheWebhooksThereAre() {
        HttpResponse<String> response =
                post("/webhooks/shopifyy", "{}".getBytes(StandardCharsets.UTF_8), java.util.Map.of());

        JsonNode problem = problem(response, 404);
        assertThat(problem.path("detail").asText())
                .startsWith("no webhook at /webhooks/shopifyy; the webhooks are: ")
                .contains(
                        "POST /webhooks/shopify",
                        "POST /webhooks/woocommerce",
                        "POST /webhooks/generic/{source}",
                        "POST /webhooks/aftership",
                        "POST /webhooks/easypost",
                        "POST /webhooks/carrier/{source}",
                        "POST /webhooks/asn/{source}",
                        "POST /webhooks/crm");
    }

    @Test
    void aBrowserGettingAWebhookGetsA405ProblemNotAnHtmlPage() {
        HttpResponse<String> response =
                send(request("/webhooks/shopify").header("Accept", HTML).GET().build());

        JsonNode problem = problem(response, 405);
        assertThat(problem.path("title").asText()).isEqualTo("Method not allowed");
        assertThat(problem.path("detail").asText()).isEqualTo("GET is not supported at /webhooks/shopify; use POST");
        assertThat(response.headers().firstValue("Allow")).hasValue("POST");
    }

    @Test
    void unknownPathsAre404ProblemsForApisAndBrowsersAlike() {
        assertThat(problem(getAs(VIEWER, "/api/nothing-here"), 404)
                        .path("detail")
                        .asText())
                .isEqualTo("nothing at /api/nothing-here; the API is described at /openapi.json");
        assertThat(problem(
                                send(request("/nothing-here")
                                        .header("Accept", HTML)
                                        .GET()
                                        .build()),
                                404)
                        .path("type")
                        .asText())
                .isEqualTo("https://junction.io/problems/not-found");
    }

    @Test
    void aRequestTomcatRefusesItselfIsAProblemToo() throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.getOutputStream()
                    .write("GET /api/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

            assertThat(answer)
                    .startsWith("HTTP/1.1 400")
                    .contains("Content-Type: application/problem+json")
                    .contains("\"detail\":\"the request is malformed and was refused before the hub read it\"")
                    .doesNotContain("<html");
        }
    }

    @Test
    void theOperationsApiRefusesWithProblems() {
        assertThat(problem(getAs(null, "/api/ops/journal"), 401).path("detail").asText())
                .contains("log in (HTTP Basic) or send an API key");
        assertThat(problem(postAs(VIEWER, "/api/ops/replay", "{}"), 403)
                        .path("detail")
                        .asText())
                .isEqualTo(
                        "POST /api/ops/replay changes data and needs the operator role; this login or key may only read");
        assertThat(problem(
                                send(request("/api/ops/journal")
                                        .header("Authorization", basic(VIEWER))
                                        .header("Accept", "text/html")
                                        .GET()
                                        .build()),
                                406)
                        .path("title")
                        .asText())
                .isEqualTo("Not acceptable");
        assertThat(problem(
                                send(request("/api/ops/replay")
                                        .header("Authorization", basic(OPERATOR))
                                        .header("Content-Type", "text/plain")
                                        .POST(HttpRequest.BodyPublishers.ofString("order=1"))
                                        .build()),
                                415)
                        .path("detail")
                        .asText())
                .contains("text/plain");
        assertThat(problem(getAs(VIEWER, "/api/ops/journal?from=yesterday"), 400)
                        .path("detail")
                        .asText())
                .doesNotContain("Exception", "\tat ");
    }

    @Test
    void theActuatorRefusesScriptsWithProblems() {
        HttpResponse<String> anonymous = getAs(null, "/actuator/prometheus");
        assertThat(problem(anonymous, 401).path("detail").asText())
                .isEqualTo("log in (HTTP Basic, or the login form in a browser)");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"junction\"");
        assertThat(problem(getAs("viewer:wrong", "/actuator/metrics"), 401)
                        .path("detail")
                        .asText())
                .isEqualTo("the login is not valid");
        // a script posting to Jolokia without the browser session's CSRF token
        assertThat(problem(postAs(OPERATOR, "/actuator/jolokia", "{\"type\": \"version\"}"), 403)
                        .path("detail")
                        .asText())
                .contains("needs the CSRF token of a browser session");
        // the probes stay open: no login asked (right after start a polling consumer may not have reported yet, so
        // liveness may still be 503 for a moment; a refused request would stay 401)
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(get("/actuator/health/liveness").statusCode())
                        .isEqualTo(200));
    }

    private static JsonNode problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asText()).startsWith("https://junction.io/problems/");
        assertThat(problem.path("title").asText()).isNotBlank();
        assertThat(problem.path("detail").asText()).isNotBlank();
        return problem;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
    }

    private static String basic(String login) {
        return "Basic " + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8));
    }
}
