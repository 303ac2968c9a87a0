package io.junction.adapter.scm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.canonical.CanonicalValidator;
import io.junction.canonical.ShipmentStatus;
import io.junction.platform.home.HubFiles;
import io.junction.platform.mapping.Mappings;
import io.junction.support.Fixture;
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
 * Every fixture pair beside every mapping in mappings/scm/: the vendor payload, mapped and its codes looked up in the
 * status table, is exactly the expected canonical report, and valid against the report schema. A new mapping's
 * fixtures folder is picked up without touching this test.
 */
class ScmMappingFixturesTest {

    static final Path SCM = Path.of("mappings", "scm");
    private static final ObjectMapper JSON =
            JsonMapper.builder().findAndAddModules().build();

    private final ShipmentStatusMap statusMap = new ShipmentStatusMap(HubFiles.in(Path.of(".")));
    private final CanonicalValidator validator = new CanonicalValidator(Clock.systemUTC());
    private final ShipmentReports reports =
            new ShipmentReports(new Mappings(HubFiles.in(Path.of("."))), statusMap, validator, JSON);

    @TestFactory
    Stream<DynamicTest> everyFixtureMapsToItsExpectedCanonicalReport() throws IOException {
        try (Stream<Path> dirs = Files.list(SCM)) {
            return dirs.filter(d -> d.getFileName().toString().endsWith(".fixtures")).sorted().toList().stream()
                    .flatMap(dir -> {
                        String mapping = dir.getFileName().toString().replace(".fixtures", "");
                        var fixtures = Fixture.inFolder(mapping, dir);
                        assertThat(fixtures).as("fixture pairs for " + mapping).hasSizeGreaterThanOrEqualTo(3);
                        return fixtures.stream().map(f -> DynamicTest.dynamicTest(f.toString(), () -> check(f)));
                    });
        }
    }

    @Test
    void theStatusTableCoversEveryCanonicalStatusAndFlagsUnknownCodes() {
        for (ShipmentStatus status : ShipmentStatus.values()) {
            assertThat(statusMap.status("junction", status.name())).contains(status);
        }
        assertThat(statusMap.status("aftership", "Exception_011"))
                .as("exact row beats prefix")
                .contains(ShipmentStatus.RETURNED_TO_SENDER);
        assertThat(statusMap.status("aftership", "Exception_004")).as("prefix").contains(ShipmentStatus.EXCEPTION);
        assertThat(statusMap.status("aftership", "InTransit_002")).contains(ShipmentStatus.PICKED_UP);
        assertThat(statusMap.status("easypost", "IN_TRANSIT"))
                .as("case-insensitive")
                .contains(ShipmentStatus.IN_TRANSIT);
        assertThat(statusMap.status("easypost", "unknown")).isEmpty();
        assertThat(statusMap.status("3pl", "IN_TRANSIT"))
                .as("vocabularies are separate")
                .isEmpty();
    }

    private void check(Fixture fixture) {
        JsonNode mapped = new Mappings(HubFiles.in(Path.of(".")))
                .apply("scm/" + fixture.dialect(), fixture.body(), variables(fixture));
        ObjectNode actual = JSON.createObjectNode();
        if (mapped.hasNonNull("type")) {
            actual.set("type", mapped.get("type"));
        }
        if (mapped.hasNonNull("deliveryId")) {
            actual.set("deliveryId", mapped.get("deliveryId"));
        }
        if (mapped.hasNonNull("type")) {
            actual.set("data", reports.normalize(mapped));
            // one report, or several (a Shopify order's fulfillments): each valid
            for (JsonNode report : actual.get("data").isArray()
                    ? actual.get("data")
                    : JSON.createArrayNode().add(actual.get("data"))) {
                assertThat(validator.validate(ShipmentReports.SCHEMA, report))
                        .as("schema errors")
                        .isEmpty();
                assertThat(reports.toReport(report)).isNotNull();
            }
        }
        assertThat(actual).as("mapping output of " + fixture).isEqualTo(fixture.expected());
    }

    /**
     * As the routes set them: the {source} path segment (else the endpoint's name), the delivery id header, and the
     * topic header of a storefront webhook (Shopify's fulfillments).
     */
    static Map<String, String> variables(Fixture fixture) {
        String[] path = fixture.path().split("/");
        boolean webhook = path.length > 2 && path[1].equals("webhooks");
        String source = webhook && path.length == 4
                ? path[3]
                : webhook ? path[2] : fixture.dialect().equals("3pl-csv") ? "3pl" : fixture.dialect();
        Map<String, String> h = fixture.headers();
        return Map.of(
                "source",
                source,
                "deliveryId",
                h.getOrDefault("X-Junction-Delivery-Id", h.getOrDefault("X-Shopify-Webhook-Id", "")),
                "topic",
                h.getOrDefault("X-Shopify-Topic", ""));
    }
}
