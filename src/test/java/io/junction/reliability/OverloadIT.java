package io.junction.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.junction.support.Fixture;
import io.junction.support.HubTest;
import io.junction.support.ShopifyOrders;
import io.junction.support.Signatures;
import io.junction.webhook.IntakeLimit;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Overload: beyond {@code junction.intake.max-in-flight} (2 here) the intake answers 429 with Retry-After at once,
 * instead of queueing requests without bound; what it accepted it still processes, and the heap stays bounded.
 */
@TestPropertySource(properties = {"junction.intake.max-in-flight=2", "junction.intake.retry-after-seconds=3"})
@DirtiesContext
class OverloadIT extends HubTest {

    private static final int FLOOD = 1500;
    private static final int FLOOD_SENDERS = 32;

    @Autowired
    IntakeLimit limit;

    @Test
    void beyondCapacityTheIntakeAnswers429WithRetryAfterAndAcceptsAgainWhenThereIsRoom() throws Exception {
        List<SlowWebhook> slow = List.of(
                new SlowWebhook(new ShopifyOrders().created("2024-07-01T10:00:00Z")),
                new SlowWebhook(new ShopifyOrders().created("2024-07-01T10:00:00Z")));
        await().atMost(Duration.ofSeconds(20)).until(() -> limit.inFlight() == 2);

        HttpResponse<String> refused = deliver(new ShopifyOrders().created("2024-07-01T10:00:00Z"));

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("3");
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(refused).path("detail").asText()).contains("at capacity (2 webhooks in flight)");

        for (SlowWebhook webhook : slow) {
            assertThat(webhook.finish()).as("the webhooks in flight complete").startsWith("HTTP/1.1 202");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> limit.inFlight() == 0);
        assertThat(deliver(new ShopifyOrders().created("2024-07-01T10:00:00Z")).statusCode())
                .isEqualTo(202);
    }

    @Test
    void aFloodIsShedNotQueuedEverythingAcceptedIsProcessedAndTheHeapStaysBounded() throws Exception {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long before = usedHeapAfterGc(memory);
        List<String> accepted = new ArrayList<>();
        ConcurrentHashMap<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        ExecutorService senders = Executors.newFixedThreadPool(FLOOD_SENDERS);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < FLOOD; i++) {
            all.add(CompletableFuture.runAsync(
                    () -> {
                        ShopifyOrders order = new ShopifyOrders();
                        HttpResponse<String> response = deliver(order.created("2024-07-01T10:00:00Z"));
                        statuses.computeIfAbsent(response.statusCode(), s -> new AtomicInteger())
                                .incrementAndGet();
                        if (response.statusCode() == 202) {
                            synchronized (accepted) {
                                accepted.add(Long.toString(order.orderId));
                            }
                        }
                    },
                    senders));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
        senders.shutdown();

        await().atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from customer_order where source_system = 'shopify' and source_order_id in ("
                                        + String.join(
                                                ",",
                                                accepted.stream()
                                                        .map(id -> "'" + id + "'")
                                                        .toList()) + ")",
                                Integer.class)
                        == accepted.size());
        long after = usedHeapAfterGc(memory);

        System.out.printf(
                "[overload] webhooks sent: %d by %d senders, answers: %s, accepted and processed: %d, "
                        + "heap after GC before: %d MB, after: %d MB%n",
                FLOOD, FLOOD_SENDERS, statuses, accepted.size(), before >> 20, after >> 20);
        assertThat(statuses.keySet())
                .as("every answer is 202 or 429: no timeouts, no 5xx")
                .isSubsetOf(202, 429);
        assertThat(statuses.get(429)).as("the flood was shed").isNotNull();
        assertThat(after - before).as("heap growth after the flood (bytes)").isLessThan(64L << 20);
    }

    /** A signed webhook whose headers and first body bytes are sent now, and the rest of the body on {@link #finish}. */
    private final class SlowWebhook {
        private final Socket socket;
        private final byte[] body;

        SlowWebhook(Fixture fixture) throws IOException {
            body = fixture.body().toString().getBytes(StandardCharsets.UTF_8);
            String[] signature = Signatures.header(fixture.dialect(), body);
            StringBuilder head =
                    new StringBuilder("POST " + fixture.path() + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                            + "Content-Length: " + body.length + "\r\n" + signature[0] + ": " + signature[1] + "\r\n");
            fixture.headers()
                    .forEach((name, value) ->
                            head.append(name).append(": ").append(value).append("\r\n"));
            socket = new Socket("localhost", port);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, 0, 10);
            out.flush();
        }

        /** Sends the rest of the body; the response's status line. */
        String finish() throws IOException {
            try (socket) {
                socket.getOutputStream().write(body, 10, body.length - 10);
                socket.getOutputStream().flush();
                return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))
                        .readLine();
            }
        }
    }

    private static long usedHeapAfterGc(MemoryMXBean memory) throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            // a moment for the collector to finish; there is no condition to wait for
            Thread.sleep(200);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
