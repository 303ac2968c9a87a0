package io.junction.storefront;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.canonical.CanonicalValidator;
import io.junction.canonical.EventType;
import io.junction.mapping.Mappings;
import io.junction.support.Fixture;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every fixture pair beside every storefront mapping: the mapping's output, exactly, and valid canonical data. */
class MappingFixturesTest {

    private static final Map<String, String[]> DIALECTS = Map.of(
            "shopify", new String[] {"X-Shopify-Topic", null},
            "woocommerce", new String[] {"X-WC-Webhook-Topic", null},
            "generic", new String[] {"X-Junction-Topic", "/webhooks/generic/"});

    private final Mappings mappings = new Mappings(Path.of("mappings"));
    private final CanonicalValidator validator = new CanonicalValidator();

    @TestFactory
    Stream<DynamicTest> everyFixtureMapsToItsExpectedCanonicalEvent() {
        return DIALECTS.keySet().stream().sorted().flatMap(dialect -> {
            List<Fixture> fixtures = Fixture.storefront(dialect);
            assertThat(fixtures).as("fixture pairs for " + dialect).hasSizeGreaterThanOrEqualTo(3);
            return fixtures.stream().map(f -> DynamicTest.dynamicTest(f.toString(), () -> check(f)));
        });
    }

    private void check(Fixture fixture) {
        String[] settings = DIALECTS.get(fixture.dialect());
        String source = settings[1] == null ? fixture.dialect() : fixture.path().substring(settings[1].length());
        JsonNode output = mappings.apply("storefront/" + fixture.dialect(), fixture.body(),
                Map.of("topic", fixture.headers().get(settings[0]), "source", source));

        assertThat(output).as("mapping output").isEqualTo(fixture.expected());
        EventType type = EventType.of(output.path("type").asText()).orElseThrow();
        assertThat(validator.validate(type, output.path("data"))).as("schema errors").isEmpty();
    }

    @TestFactory
    Stream<DynamicTest> anUnknownTopicMapsToNoEventType() {
        return DIALECTS.keySet().stream().sorted().map(dialect -> DynamicTest.dynamicTest(dialect, () -> {
            Fixture any = Fixture.storefront(dialect).get(0);
            JsonNode output = mappings.apply("storefront/" + dialect, any.body(), Map.of("topic", "products/create", "source", dialect));
            assertThat(output.has("type")).isFalse();
        }));
    }
}
