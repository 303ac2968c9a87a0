package io.junction.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.adapter.storefront.StorefrontDialect;
import io.junction.adapter.storefront.StorefrontProperties;
import io.junction.platform.home.HubFiles;
import io.junction.webhook.WebhookSignature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * Sample traffic for a demo or a smoke test, off unless {@code junction.samples.enabled=true}: the storefront fixtures
 * replayed through the hub's own webhooks, signed as their storefronts would sign them. From the second round on each
 * delivery id gets a round suffix, so the storefronts' retries and updates keep arriving as new deliveries.
 */
@Component
public class SampleTraffic implements ApplicationListener<WebServerInitializedEvent> {

    private record Sample(String dialect, String name, String path, JsonNode headers, byte[] body) {}

    private final StorefrontProperties storefronts;
    private final List<Sample> samples;
    private final AtomicLong sent = new AtomicLong();
    private volatile int port;

    public SampleTraffic(StorefrontProperties storefronts, ObjectMapper json, HubFiles files) {
        this.storefronts = storefronts;
        this.samples = load(storefronts, json, files);
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        port = event.getWebServer().getPort();
    }

    /** Turns the exchange into the next signed sample webhook, addressed to this hub. */
    public void next(Exchange exchange) {
        long n = sent.getAndIncrement();
        Sample sample = samples.get((int) (n % samples.size()));
        long round = n / samples.size();
        StorefrontDialect dialect = storefronts.dialect(sample.dialect());
        Message out = exchange.getMessage();
        out.getHeaders().clear();
        sample.headers()
                .fields()
                .forEachRemaining(h -> out.setHeader(h.getKey(), h.getValue().asText()));
        out.setHeader(
                dialect.deliveryIdHeader(),
                out.getHeader(dialect.deliveryIdHeader(), String.class) + (round == 0 ? "" : "-" + round));
        out.setHeader(dialect.signatureHeader(), WebhookSignature.sign(sample.body(), dialect));
        out.setHeader(Exchange.HTTP_METHOD, "POST");
        out.setHeader("JunctionSampleName", sample.dialect() + "/" + sample.name());
        out.setHeader("JunctionSampleUrl", "http://localhost:" + port + sample.path());
        out.setBody(sample.body());
    }

    public int size() {
        return samples.size();
    }

    private static List<Sample> load(StorefrontProperties storefronts, ObjectMapper json, HubFiles files) {
        List<Sample> samples = new ArrayList<>();
        storefronts.storefront().forEach((dialect, settings) -> {
            try {
                for (Map.Entry<String, Resource> file :
                        files.mappingFolder(settings.mapping() + ".fixtures").entrySet()) {
                    if (!file.getKey().endsWith(".request.json")) {
                        continue;
                    }
                    JsonNode request = json.readTree(file.getValue().getInputStream());
                    samples.add(new Sample(
                            dialect,
                            file.getKey().replace(".request.json", ""),
                            request.path("path").asText(),
                            request.path("headers"),
                            request.path("body").toString().getBytes(StandardCharsets.UTF_8)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return List.copyOf(samples);
    }
}
