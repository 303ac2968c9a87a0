package io.junction.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends orders through the hub's real Shopify webhook, as a storefront would: signed, HTTP/1.1, one delivery id each.
 * Closed model: a fixed number of senders, each sending its next order when the previous one is answered. Open model:
 * orders start at a fixed rate whatever the answers take; latency then counts from the planned start, so a stalled
 * hub shows as latency instead of hiding as a lower send rate.
 */
final class LoadGenerator {

    /** What one batch of sends produced: accepted orders (index → epoch micros at planned send) and their latencies. */
    record Result(Map<Integer, Long> acceptedAtMicros, double[] acceptMillis, int rejected, int failed, double seconds) {
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final OrderStream orders;
    private final URI webhook;

    LoadGenerator(OrderStream orders, int port) {
        this.orders = orders;
        this.webhook = URI.create("http://127.0.0.1:" + port + "/webhooks/shopify");
    }

    Result closed(int from, int to, int senders) throws InterruptedException {
        Recorder recorder = new Recorder(to - from);
        AtomicInteger next = new AtomicInteger(from);
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        long start = System.nanoTime();
        for (int s = 0; s < senders; s++) {
            pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < to; i = next.getAndIncrement()) {
                    long plannedNanos = System.nanoTime();
                    long plannedMicros = nowMicros();
                    try {
                        recorder.record(i, plannedMicros, plannedNanos, http.send(request(i), HttpResponse.BodyHandlers.discarding()).statusCode());
                    } catch (Exception e) {
                        recorder.fail();
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        return recorder.result((System.nanoTime() - start) / 1e9);
    }

    Result open(int from, int to, int perSecond) {
        Recorder recorder = new Recorder(to - from);
        List<CompletableFuture<Void>> inFlight = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = from; i < to; i++) {
            long plannedNanos = start + (long) ((i - from) * 1e9 / perSecond);
            LockSupport.parkNanos(plannedNanos - System.nanoTime());
            long plannedMicros = nowMicros() - (System.nanoTime() - plannedNanos) / 1000;
            int order = i;
            inFlight.add(http.sendAsync(request(i), HttpResponse.BodyHandlers.discarding())
                    .handle((response, error) -> {
                        if (error != null) {
                            recorder.fail();
                        } else {
                            recorder.record(order, plannedMicros, plannedNanos, response.statusCode());
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        return recorder.result((System.nanoTime() - start) / 1e9);
    }

    private HttpRequest request(int i) {
        byte[] body = orders.webhook(i);
        return HttpRequest.newBuilder(webhook)
                .header("Content-Type", "application/json")
                .header("X-Shopify-Topic", "orders/create")
                .header("X-Shopify-Webhook-Id", OrderStream.deliveryId())
                .header("X-Shopify-Hmac-Sha256", OrderStream.sign(body))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    }

    static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private static final class Recorder {
        private final Map<Integer, Long> accepted = new ConcurrentHashMap<>();
        private final double[] latencies;
        private final AtomicInteger recorded = new AtomicInteger();
        private final AtomicInteger rejected = new AtomicInteger();
        private final AtomicInteger failed = new AtomicInteger();

        Recorder(int size) {
            latencies = new double[size];
        }

        void record(int order, long plannedMicros, long plannedNanos, int status) {
            double millis = (System.nanoTime() - plannedNanos) / 1e6;
            if (status == 202) {
                accepted.put(order, plannedMicros);
                latencies[recorded.getAndIncrement()] = millis;
            } else if (status == 429 || status == 503) {
                rejected.incrementAndGet();
            } else {
                failed.incrementAndGet();
            }
        }

        void fail() {
            failed.incrementAndGet();
        }

        Result result(double seconds) {
            return new Result(accepted, java.util.Arrays.copyOf(latencies, recorded.get()), rejected.get(), failed.get(), seconds);
        }
    }
}
