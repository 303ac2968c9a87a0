package io.junction.ops;

import io.junction.support.HubTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.test.context.TestPropertySource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The hub with JMX on (Hawtio and Jolokia need the MBeans; Camel's test support turns JMX off by default), metrics
 * exported as in production (Spring Boot's tests switch that off by default), and a row
 * gauge over the idempotent-receiver table, plus requests as the operations logins. One Spring context for all the
 * operations tests.
 */
@DisableJmx(false)
@AutoConfigureObservability
@TestPropertySource(properties = {
        "junction.ops.row-gauges.processed-messages.table=processed_message",
        "junction.ops.row-gauges.processed-messages.column=processor",
        "junction.ops.row-gauge-refresh-ms=500"})
abstract class OpsHubTest extends HubTest {

    static final String VIEWER = "viewer:junction-dev-viewer";
    static final String OPERATOR = "operator:junction-dev-operator";

    HttpResponse<String> getAs(String login, String path) {
        return send(request(login, path).GET().build());
    }

    HttpResponse<String> postAs(String login, String path, String json) {
        return send(request(login, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<String> deleteAs(String login, String path) {
        return send(request(login, path).DELETE().build());
    }

    private HttpRequest.Builder request(String login, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60));
        if (login != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }
}
