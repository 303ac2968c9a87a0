package io.junction.adapter.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.canonical.CanonicalValidator;
import io.junction.canonical.EventType;
import io.junction.platform.home.HubFiles;
import io.junction.platform.mapping.Mappings;
import io.junction.support.Fixture;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.Yaml;

/**
 * Every fixture pair beside every storefront mapping configured in config/application.yml: the mapping's output,
 * exactly, and valid canonical data. A new dialect's fixtures are picked up without touching this test.
 */
class MappingFixturesTest {

    private static final Path MAPPINGS = Path.of("mappings");

    private final Mappings mappings = new Mappings(HubFiles.in(Path.of(".")));
    private final CanonicalValidator validator = new CanonicalValidator(Clock.systemUTC());

    @TestFactory
    Stream<DynamicTest> everyFixtureMapsToItsExpectedCanonicalEvent() throws IOException {
        return dialects().entrySet().stream().sorted(Map.Entry.comparingByKey()).flatMap(dialect -> {
            String mapping = dialect.getValue().get("mapping");
            List<Fixture> fixtures = Fixture.inFolder(dialect.getKey(), MAPPINGS.resolve(mapping + ".fixtures"));
            assertThat(fixtures).as("fixture pairs for " + dialect.getKey()).hasSizeGreaterThanOrEqualTo(3);
            return fixtures.stream()
                    .map(f -> DynamicTest.dynamicTest(f.toString(), () -> check(f, dialect.getValue())));
        });
    }

    @TestFactory
    Stream<DynamicTest> anUnknownTopicMapsToNoEventType() throws IOException {
        return dialects().entrySet().stream()
                .map(dialect -> DynamicTest.dynamicTest(dialect.getKey(), () -> {
                    String mapping = dialect.getValue().get("mapping");
                    Fixture any = Fixture.inFolder(dialect.getKey(), MAPPINGS.resolve(mapping + ".fixtures"))
                            .get(0);
                    JsonNode output = mappings.apply(
                            mapping, any.body(), Map.of("topic", "products/create", "source", dialect.getKey()));
                    assertThat(output.has("type")).isFalse();
                }));
    }

    private void check(Fixture fixture, Map<String, String> settings) {
        // a dialect with a {source} path segment names its source there, as the webhook route does
        String prefix = "/webhooks/" + fixture.dialect() + "/";
        String source =
                fixture.path().startsWith(prefix) ? fixture.path().substring(prefix.length()) : fixture.dialect();
        JsonNode output = mappings.apply(
                settings.get("mapping"),
                fixture.body(),
                Map.of("topic", fixture.headers().get(settings.get("topic-header")), "source", source));

        assertThat(output).as("mapping output").isEqualTo(fixture.expected());
        EventType type = EventType.of(output.path("type").asText()).orElseThrow();
        assertThat(validator.validate(type, output.path("data")))
                .as("schema errors")
                .isEmpty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, String>> dialects() throws IOException {
        try (Reader config = Files.newBufferedReader(Path.of("config", "application.yml"))) {
            Map<String, Object> root = new Yaml().load(config);
            return (Map<String, Map<String, String>>) ((Map<String, Object>) root.get("junction")).get("storefront");
        }
    }
}
