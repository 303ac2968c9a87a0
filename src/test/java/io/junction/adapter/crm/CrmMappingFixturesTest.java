package io.junction.adapter.crm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.CanonicalValidator;
import io.junction.canonical.EventType;
import io.junction.platform.home.HubFiles;
import io.junction.platform.mapping.Mappings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every fixture pair beside every CRM dialect's mappings (mappings/crm/<dialect>/fixtures): the request names the
 * mapping, its variables and its input; the output must equal the expected file exactly, and what an inbound
 * mapping makes of a CRM record must be a valid canonical customer. A new dialect's fixtures are picked up as they are.
 */
class CrmMappingFixturesTest {

    private static final Path CRM = Path.of("mappings", "crm");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Mappings mappings = new Mappings(HubFiles.in(Path.of(".")));
    private final CanonicalValidator validator = new CanonicalValidator(Clock.systemUTC());

    @TestFactory
    Stream<DynamicTest> everyFixtureMapsToItsExpectedOutput() throws IOException {
        List<Path> dialects;
        try (Stream<Path> dirs = Files.list(CRM)) {
            dialects = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(dialects).extracting(d -> d.getFileName().toString()).contains("generic", "hubspot");
        return dialects.stream().flatMap(dialect -> {
            List<Path> requests = requests(dialect.resolve("fixtures"));
            assertThat(requests).as("fixtures of " + dialect).hasSizeGreaterThanOrEqualTo(3);
            return requests.stream()
                    .map(r -> DynamicTest.dynamicTest(
                            dialect.getFileName() + "/" + r.getFileName(),
                            () -> check(dialect.getFileName().toString(), r)));
        });
    }

    private void check(String dialect, Path request) throws IOException {
        JsonNode fixture = JSON.readTree(request.toFile());
        Map<String, String> variables = new LinkedHashMap<>();
        fixture.path("variables")
                .fields()
                .forEachRemaining(e -> variables.put(e.getKey(), e.getValue().asText()));
        String mapping = fixture.path("mapping").asText();
        JsonNode output = mappings.apply("crm/" + dialect + "/" + mapping, fixture.path("body"), variables);

        Path expected =
                request.resolveSibling(request.getFileName().toString().replace(".request.json", ".expected.json"));
        assertThat(output).as("mapping output").isEqualTo(JSON.readTree(expected.toFile()));
        if (mapping.equals("inbound")) {
            assertThat(validator.validate(EventType.CUSTOMER_UPSERTED, output.path("customer")))
                    .as("schema errors")
                    .isEmpty();
        }
    }

    private static List<Path> requests(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".request.json"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
