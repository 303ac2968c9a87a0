package io.junction.adapter.scm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.junction.platform.jobs.LeaseRoutePolicy;
import io.junction.support.CarrierFixtures;
import io.junction.support.Fixture;
import io.junction.support.HubTest;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The tracking poll against a stand-in tracking API (a real HTTP server in this test, answering as AfterShip's GET
 * tracking does): stale open shipments are asked about, within the rate limit, and their answers applied.
 */
class TrackingPollTest extends HubTest {

    private static final int PER_SECOND = 2;
    private static final List<Request> REQUESTS = new CopyOnWriteArrayList<>();
    private static final HttpServer API = start();

    private record Request(long at, String path, String apiKey) {}

    @DynamicPropertySource
    static void poll(DynamicPropertyRegistry registry) {
        registry.add("junction.shipments.poll.enabled", () -> "true");
        registry.add(
                "junction.shipments.poll.url",
                () -> "http://localhost:" + API.getAddress().getPort() + "/v4/trackings");
        registry.add("junction.shipments.poll.period-ms", () -> "300");
        registry.add("junction.shipments.poll.stale-after", () -> "PT1H");
        registry.add("junction.shipments.poll.max-per-second", () -> String.valueOf(PER_SECOND));
        registry.add("junction.shipments.poll.auth-value", () -> "test-api-key");
        registry.add("junction.jobs.lease-check-ms", () -> "200");
    }

    @AfterAll
    static void stop() {
        API.stop(0);
    }

    @Test
    void staleOpenShipmentsAreAskedAboutWithinTheRateLimitAndTheAnswersApplied() {
        // another instance holds the poll while the shipments arrive, so that one poll finds them all due at once
        jdbc.update(
                "update job_lease set holder = 'another-hub', expires_at = ? where name = 'tracking-poll'",
                OffsetDateTime.now(ZoneOffset.UTC).plusHours(1));
        LeaseRoutePolicy trackingPollLease =
                camel.getRegistry().lookupByNameAndType("tracking-poll-lease", LeaseRoutePolicy.class);
        await().atMost(Duration.ofSeconds(10)).until(() -> !trackingPollLease.isHeld());
        List<String> stale = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            stale.add(CarrierFixtures.newTrackingNumber());
            // in transit since before the carrier's answer says it was delivered
            report(stale.get(i), OffsetDateTime.parse("2024-07-02T12:00:00Z"));
        }
        String fresh = CarrierFixtures.newTrackingNumber();
        report(fresh, OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS));
        assertThat(REQUESTS).as("the instance without the lease does not poll").isEmpty();
        // the other instance's lease runs out
        jdbc.update(
                "update job_lease set expires_at = ? where name = 'tracking-poll'",
                OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1));

        await().atMost(Duration.ofSeconds(30)).until(() -> delivered(stale) == stale.size());

        List<Request> asked = REQUESTS.stream()
                .filter(r -> stale.stream().anyMatch(t -> r.path().endsWith("/" + t)))
                .toList();
        assertThat(asked).hasSize(stale.size());
        assertThat(asked).allSatisfy(r -> {
            assertThat(r.path()).startsWith("/v4/trackings/acme-freight/");
            assertThat(r.apiKey()).isEqualTo("test-api-key");
        });
        // at most PER_SECOND a second: the throttle spreads the six over at least two seconds. Measured over the whole
        // run, with half a second of slack, so one request delayed on a busy machine cannot fail it
        long spread = asked.get(asked.size() - 1).at() - asked.get(0).at();
        assertThat(spread)
                .as("at most " + PER_SECOND + " requests a second")
                .isGreaterThanOrEqualTo((asked.size() - PER_SECOND) * 1000L / PER_SECOND - 500);
        assertThat(REQUESTS)
                .as("a shipment with recent news is not asked about")
                .noneMatch(r -> r.path().endsWith("/" + fresh));
    }

    /** A generic carrier report: one in-transit checkpoint at {@code at}. */
    private void report(String tracking, OffsetDateTime at) {
        Fixture base = CarrierFixtures.generic("01-in-transit", tracking);
        ObjectNode body = base.bodyCopy();
        ArrayNode checkpoints = body.putArray("checkpoints");
        checkpoints.addObject().put("time", CarrierFixtures.time(at)).put("status", "IN_TRANSIT");
        assertThat(deliver(base.with(
                                Map.of(
                                        "X-Junction-Delivery-Id",
                                        UUID.randomUUID().toString()),
                                body))
                        .statusCode())
                .isEqualTo(202);
    }

    private int delivered(List<String> tracking) {
        return jdbc.queryForObject(
                "select count(*) from shipment where status = 'DELIVERED' and tracking_number in ("
                        + String.join(",", tracking.stream().map(t -> "?").toList()) + ")",
                Integer.class,
                tracking.toArray());
    }

    /** Answers GET /v4/trackings/{slug}/{tracking_number} with AfterShip's tracking (the delivered fixture's) for it. */
    private static HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
            server.createContext("/v4/trackings/", exchange -> {
                String path = exchange.getRequestURI().getPath();
                REQUESTS.add(new Request(
                        System.currentTimeMillis(),
                        path,
                        exchange.getRequestHeaders().getFirst("as-api-key")));
                String[] parts = path.split("/");
                ObjectNode tracking =
                        (ObjectNode) CarrierFixtures.aftership("02-delivered", parts[parts.length - 1], null)
                                .body()
                                .path("msg");
                tracking.put("slug", parts[parts.length - 2]);
                ObjectNode answer = JSON.createObjectNode();
                answer.putObject("meta").put("code", 200);
                answer.putObject("data").set("tracking", tracking);
                byte[] bytes = answer.toString().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
