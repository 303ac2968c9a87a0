package io.junction.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.canonical.CanonicalValidator;
import io.junction.canonical.EventType;
import io.junction.canonical.FieldError;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.List;

/** The intake's validation of a canonical order (the Shopify order-created fixture's data): JSON Schema and the rules beyond it. */
@State(Scope.Benchmark)
public class CanonicalValidationBench extends ShortRun {

    private final CanonicalValidator validator = HubParts.validator();
    private EventType type;
    private JsonNode order;

    @Setup
    public void setUp() {
        HubParts.Webhook webhook = HubParts.orderCreated("shopify");
        type = EventType.of(webhook.mapped().path("type").asText()).orElseThrow();
        order = webhook.canonicalData();
        List<FieldError> errors = validator.validate(type, order);
        if (!errors.isEmpty()) {
            throw new IllegalStateException("the fixture's order is not valid, so this would measure a failure: " + errors);
        }
    }

    @Benchmark
    public List<FieldError> validateOrder() {
        return validator.validate(type, order);
    }
}
