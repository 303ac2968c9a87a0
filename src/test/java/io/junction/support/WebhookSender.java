package io.junction.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Sends signed webhooks to running hubs as a storefront or carrier does: a message without a 2xx answer is sent again,
 * with the same delivery id, until a hub accepts it. Counts the HTTP attempts and the messages sent again.
 */
public final class WebhookSender {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String secret;
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger resent = new AtomicInteger();

    public WebhookSender(String secret) {
        this.secret = secret;
    }

    /**
     * Until a hub answers 202: each attempt to the hub the supplier names (a load balancer picks the next one); the
     * id the 202 answered (the event id; a carrier report's cause id).
     */
    public String untilAccepted(Supplier<HubProcess> hubs, Fixture fixture) {
        for (int attempt = 1; ; attempt++) {
            attempts.incrementAndGet();
            if (attempt > 1) {
                resent.incrementAndGet();
            }
            try {
                HttpResponse<String> response = send(hubs.get(), fixture);
                if (response.statusCode() == 202) {
                    return JSON.readTree(response.body()).path("id").asText();
                }
                if (response.statusCode() < 500 && response.statusCode() != 429) {
                    throw new AssertionError(
                            "the hub refused a good webhook: " + response.statusCode() + " " + response.body());
                }
            } catch (IOException e) {
                // the hub is down or died mid-request: the storefront cannot know whether it was accepted
            }
            pause();
        }
    }

    /** One attempt; IOException when the hub does not answer. */
    public HttpResponse<String> send(HubProcess hub, Fixture fixture) throws IOException {
        byte[] body = fixture.body().toString().getBytes(StandardCharsets.UTF_8);
        String[] signature = Signatures.header(fixture.dialect(), body, secret);
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.uri(fixture.path()))
                .timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header(signature[0], signature[1]);
        fixture.headers().forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int attempts() {
        return attempts.get();
    }

    public int resent() {
        return resent.get();
    }

    /** A storefront's pause before it resends: the sender's own back-off is what is simulated (a sleep, not a wait). */
    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
