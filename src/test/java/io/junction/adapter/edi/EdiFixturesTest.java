package io.junction.adapter.edi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.junction.adapter.scm.ShipmentReports;
import io.junction.adapter.scm.ShipmentStatusMap;
import io.junction.canonical.CanonicalValidator;
import io.junction.canonical.EventType;
import io.junction.platform.mapping.Mappings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The golden fixtures in src/test/resources/edi/: every sample interchange {@code <name>.edi}, read by StAEDI against
 * the hub's schemas and mapped message by message, is exactly {@code <name>.expected.json} (the canonical order data,
 * or the normalized shipment report, of each message in turn), valid against its canonical schema. A bad sample
 * {@code bad-*.edi} is rejected with the problems listed in {@code <name>.expected.txt}, each naming its segment.
 */
class EdiFixturesTest {

    static final Path FIXTURES = Path.of("src/test/resources/edi");
    private static final ObjectMapper JSON =
            JsonMapper.builder().findAndAddModules().build();

    private final Mappings mappings = new Mappings(io.junction.platform.home.HubFiles.in(Path.of(".")));
    private final InterchangeReader reader = new InterchangeReader(io.junction.platform.home.HubFiles.in(Path.of(".")));
    private final CanonicalValidator validator = new CanonicalValidator(Clock.systemUTC());
    private final ShipmentReports reports = new ShipmentReports(
            mappings, new ShipmentStatusMap(io.junction.platform.home.HubFiles.in(Path.of("."))), validator, JSON);

    @TestFactory
    Stream<DynamicTest> everySampleMapsToItsExpectedCanonicalEvents() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            return files
                    .filter(f -> f.getFileName().toString().endsWith(".edi")
                            && !f.getFileName().toString().startsWith("bad-"))
                    .sorted()
                    .toList()
                    .stream()
                    .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> good(f)));
        }
    }

    @TestFactory
    Stream<DynamicTest> everyBadSampleIsRejectedNamingTheSegment() throws IOException {
        try (Stream<Path> files = Files.list(FIXTURES)) {
            return files
                    .filter(f -> f.getFileName().toString().startsWith("bad-")
                            && f.getFileName().toString().endsWith(".edi"))
                    .sorted()
                    .toList()
                    .stream()
                    .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> bad(f)));
        }
    }

    @Test
    void theFourMessageTypesHaveSamples() throws IOException {
        for (String name : new String[] {"edifact-orders", "edifact-desadv", "x12-850", "x12-856"}) {
            assertThat(FIXTURES.resolve(name + ".edi")).exists();
            assertThat(FIXTURES.resolve(name + ".expected.json")).exists();
        }
    }

    private void good(Path file) throws IOException {
        Interchange interchange = reader.read(Files.readAllBytes(file));
        ArrayNode actual = JSON.createArrayNode();
        for (Interchange.Message message : interchange.messages()) {
            EdiMessageKind kind =
                    EdiMessageKind.of(interchange.standard(), message.type()).orElseThrow();
            JsonNode tree = JSON.createObjectNode()
                    .put("type", message.type())
                    .put("controlRef", message.controlRef())
                    .set("body", message.body());
            JsonNode mapped = mappings.apply(
                    kind.mapping(), tree, Map.of("source", "edi-test", "deliveryId", message.controlRef()));
            if (kind.isOrder()) {
                assertThat(validator.validate(EventType.ORDER_PLACED, mapped))
                        .as("order schema errors")
                        .isEmpty();
                actual.add(mapped);
            } else {
                JsonNode report = reports.normalize(mapped);
                assertThat(reports.toReport(report)).isNotNull();
                actual.add(report);
            }
        }
        Path expected = Path.of(file.toString().replace(".edi", ".expected.json"));
        if (!Files.exists(expected)) {
            Files.writeString(
                    Path.of("target", expected.getFileName().toString()),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(actual));
        }
        assertThat(actual).as("canonical events of " + file.getFileName()).isEqualTo(JSON.readTree(expected.toFile()));
    }

    private void bad(Path file) throws IOException {
        Path expected = Path.of(file.toString().replace(".edi", ".expected.txt"));
        assertThatThrownBy(() -> reader.read(Files.readAllBytes(file))).isInstanceOfSatisfying(EdiRejected.class, e -> {
            String problems = String.join(
                    "\n", e.problems().stream().map(EdiError::describe).toList());
            try {
                for (String line : Files.readAllLines(expected)) {
                    assertThat(problems).as("problems of " + file.getFileName()).contains(line);
                }
            } catch (IOException io) {
                throw new IllegalStateException(io);
            }
        });
    }
}
