import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A simple load loop against a running hub: N Shopify orders/create webhooks (each its own order, customer and
 * delivery id, built from the realistic fixture), sent with a fixed concurrency through the real HTTP endpoint,
 * then waits until every order is visible in the customer view.
 *
 *   java bench/LoadLoop.java [orders=2000] [concurrency=16] [url=http://localhost:8080] [secret=junction-dev-secret]
 */
public class LoadLoop {

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        String url = args.length > 2 ? args[2] : "http://localhost:8080";
        String secret = args.length > 3 ? args[3] : "junction-dev-secret";
        String fixture = Files.readString(Path.of("mappings/storefront/shopify.fixtures/01-order-created.request.json"));
        String template = body(fixture);
        String run = Long.toString(System.currentTimeMillis(), 36);
        long ids = System.currentTimeMillis() % 1_000_000_000L * 10_000_000L; // ids unique to this run

        // HTTP/1.1 as storefronts send webhooks; no h2c upgrade dance on every request
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        List<Long> acceptNanos = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        for (int t = 0; t < concurrency; t++) {
            pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < orders; i = next.getAndIncrement()) {
                    byte[] body = order(template, run, ids + i).getBytes(StandardCharsets.UTF_8);
                    HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/webhooks/shopify"))
                            .header("Content-Type", "application/json")
                            .header("X-Shopify-Topic", "orders/create")
                            .header("X-Shopify-Webhook-Id", UUID.randomUUID().toString())
                            .header("X-Shopify-Hmac-Sha256", sign(secret, body))
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 202) {
                            acceptNanos.add(System.nanoTime() - sent);
                        } else {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        double acceptSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("sent %d orders in %.1f s, waiting for the customer view%n", orders, acceptSeconds);

        // every order in the customer view: the consumers work in parallel, so polling in send order finds the tail
        for (int i = 0; i < orders; i++) {
            String email = "load-" + run + "-" + (ids + i) + "@example.com";
            while (true) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/api/customers?email=" + email))
                                .timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("\"sourceOrderId\"")) {
                    break;
                }
                Thread.sleep(20);
            }
        }
        double endToEndSeconds = (System.nanoTime() - start) / 1e9;

        List<Long> sorted = new ArrayList<>(acceptNanos);
        Collections.sort(sorted);
        System.out.printf("orders=%d concurrency=%d accepted=%d failed=%d%n", orders, concurrency, sorted.size(), failed.get());
        System.out.printf("accepted/s=%.0f  end-to-end completed/s=%.0f%n", sorted.size() / acceptSeconds, orders / endToEndSeconds);
        System.out.printf("accept latency ms p50=%.1f p95=%.1f p99=%.1f%n", pct(sorted, 50), pct(sorted, 95), pct(sorted, 99));
    }

    private static String body(String fixture) {
        int start = fixture.indexOf("\"body\"");
        int open = fixture.indexOf('{', start);
        int depth = 0;
        for (int i = open; i < fixture.length(); i++) {
            char c = fixture.charAt(i);
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            if (depth == 0) {
                return fixture.substring(open, i + 1);
            }
        }
        throw new IllegalArgumentException("fixture has no body");
    }

    /** The fixture order as a new order of a new customer: ids, e-mail and phone made unique per order. */
    private static String order(String template, String run, long i) {
        return template
                .replace("5923187654321", Long.toString(i))
                .replace("7390145429821", Long.toString(i + 5_000_000L))
                .replaceAll("(?i)elena\\.novak@example\\.com", "load-" + run + "-" + i + "@example.com")
                .replace("Novak", "Load" + run + i)
                .replace("+14155550132", "")
                .replace("(415) 555-0132", "");
    }

    private static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static double pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)) / 1e6;
    }
}
