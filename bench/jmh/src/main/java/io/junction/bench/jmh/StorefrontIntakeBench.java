package io.junction.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.adapter.storefront.StorefrontIntake;
import io.junction.platform.home.HubFiles;
import io.junction.platform.mapping.MappingResourceResolver;
import io.junction.platform.mapping.Mappings;
import io.junction.webhook.WebhookRequests;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Producer;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * A storefront order webhook (each dialect's order-created fixture) on its way to the canonical event, against the
 * floor of any JSON intake: Jackson reading and writing the same body. A longer warm-up than the others: on a busy
 * machine the intake's code path took some 15,000 calls (several seconds) to be fully compiled, and three seconds of
 * warm-up measured it at five times its compiled cost.
 */
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
@Warmup(iterations = 5, time = 2)
public class StorefrontIntakeBench extends ShortRun {

    @Param({"shopify", "woocommerce", "generic"})
    public String dialect;

    private final ObjectMapper json = HubParts.JSON;
    private HubParts.Webhook webhook;
    private Mappings mappings;
    private Map<String, String> variables;
    private StorefrontIntake intake;
    private CamelContext camel;
    private Producer translator;

    @Setup
    public void setUp() throws Exception {
        webhook = HubParts.orderCreated(dialect);
        mappings = HubParts.mappings();
        variables = Map.of("topic", webhook.topic(), "source", webhook.source());
        // the journal is the intake's database step, not one of its pure ones: toCanonicalEvent never calls it
        intake = new StorefrontIntake(HubParts.storefront(), HubParts.validator(), HubParts.normalizer(), json,
                null, Clock.systemUTC(), 1 << 20);
        camel = new DefaultCamelContext();
        // the route's translator step: jslt: over the mapping, served as in the hub
        camel.getRegistry().bind("resource-loader-mapping", new MappingResourceResolver(HubFiles.in(Path.of("."))));
        camel.getRegistry().bind("json", json);
        camel.start();
        translator = camel.getEndpoint("jslt:mapping:" + webhook.settings().mapping() + ".jslt?objectMapper=#json")
                .createProducer();
        translator.start();
        // the benchmark measures the path of a valid order: fail now if the fixture no longer takes it
        JsonNode mapped = mappings.apply(webhook.settings().mapping(), WebhookRequests.jsonObject(json, webhook.body()), variables);
        if (!mapped.equals(webhook.mapped())) {
            throw new IllegalStateException(dialect + ": the mapping no longer gives the fixture's expected output");
        }
        intake();
    }

    @TearDown
    public void tearDown() throws Exception {
        camel.close();
    }

    /** The baseline: parse the body to a tree and write it again. */
    @Benchmark
    public byte[] jacksonBaseline() throws IOException {
        return json.writeValueAsBytes(json.readTree(webhook.body()));
    }

    /** Parse, the dialect's JSLT mapping to the canonical shape, write. */
    @Benchmark
    public byte[] mapping() throws IOException {
        JsonNode payload = WebhookRequests.jsonObject(json, webhook.body());
        return json.writeValueAsBytes(mappings.apply(webhook.settings().mapping(), payload, variables));
    }

    /**
     * The intake's whole pure part, the storefront route's steps from identify on (StorefrontIntake.identify, the
     * object check, the jslt: translator, then toCanonicalEvent): parse, map, write the mapped text and read it back,
     * validate against the canonical schema, normalize the buyer's contact data, build the CloudEvent and its bus
     * headers, write it.
     */
    @Benchmark
    public String intake() throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        Message in = exchange.getMessage();
        in.getHeaders().putAll(webhook.headers());
        in.setBody(webhook.body());
        intake.identify(exchange, dialect);
        WebhookRequests.requireObjectStart(webhook.body());
        translator.process(exchange);
        intake.toCanonicalEvent(exchange, dialect);
        return in.getBody(String.class);
    }
}
