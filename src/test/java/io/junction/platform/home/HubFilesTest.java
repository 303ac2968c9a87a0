package io.junction.platform.home;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.platform.mapping.Mappings;
import io.junction.support.Fixture;
import io.junction.support.HubProcess;
import io.junction.support.Signatures;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hub starts outside the repository on the defaults it carries, an override folder replaces one file of them, and
 * a configured file that is missing stops the start with one line. The hub runs as a separate JVM (target/classes,
 * as packaged into the jar) in an empty working directory.
 */
class HubFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SUITE = "hub-files";
    /** A topic the shipped Shopify mapping does not know; the edited one maps it. */
    private static final String EDITED_TOPIC = "orders/paid";

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void startsAnywhereOnItsDefaultsWithOneMappingOverridden(
            @TempDir Path elsewhere, @TempDir Path home, @TempDir Path data) throws Exception {
        Path edited = home.resolve("mappings/storefront/shopify.jslt");
        Files.createDirectories(edited.getParent());
        String shipped = Files.readString(Path.of("mappings/storefront/shopify.jslt"));
        Files.writeString(
                edited,
                shipped.replace(
                        "\"orders/create\":    \"order.placed\",",
                        "\"orders/create\":    \"order.placed\",\n  \"" + EDITED_TOPIC
                                + "\":      \"order.updated\","));
        assertThat(Files.readString(edited)).contains(EDITED_TOPIC);
        Fixture order = Fixture.storefront("shopify", "01-order-created");
        Fixture paid = order.with(Map.of("X-Shopify-Topic", EDITED_TOPIC), order.body());
        // the shipped mapping does not know the topic: only the override can make the hub accept it
        assertThat(new Mappings(HubFiles.in(Path.of(".")))
                        .apply("storefront/shopify", paid.body(), Map.of("topic", EDITED_TOPIC, "source", "shopify"))
                        .has("type"))
                .isFalse();

        try (HubProcess hub = HubProcess.fromClassPath(
                elsewhere, data, SUITE, "anywhere", List.of(), Map.of("JUNCTION_HOME", home.toString()))) {
            hub.start();

            HttpResponse<String> overridden = deliver(hub, paid);
            assertThat(overridden.statusCode()).as(overridden.body()).isEqualTo(202);
            assertThat(JSON.readTree(overridden.body()).path("type").asText()).isEqualTo("order.updated");
            // the routes, the other mappings, the secrets (config/application.yml) and the service rules: the jar's
            HttpResponse<String> shippedMapping = deliver(hub, Fixture.storefront("woocommerce", "01-order-created"));
            assertThat(shippedMapping.statusCode()).as(shippedMapping.body()).isEqualTo(202);
        }
        assertThat(elsewhere).isEmptyDirectory();
    }

    @Test
    void aConfiguredFileThatIsMissingStopsTheStartWithOneLine(@TempDir Path elsewhere, @TempDir Path data)
            throws Exception {
        Path missing = elsewhere.resolve("rules.yml");
        assertThat(failedStart(
                        elsewhere,
                        data,
                        "missing-rules",
                        List.of("--junction.service.rules-file=" + missing),
                        Map.of()))
                .containsExactly("junction: junction.service.rules-file " + missing + ": no such file");
    }

    @Test
    void aConfiguredHomeThatIsMissingStopsTheStartWithOneLine(@TempDir Path elsewhere, @TempDir Path data)
            throws Exception {
        Path missing = elsewhere.resolve("no-such-home");
        assertThat(failedStart(elsewhere, data, "missing-home", List.of(), Map.of("JUNCTION_HOME", missing.toString())))
                .containsExactly("junction: junction.home " + missing + ": no such folder");
    }

    /** What a start that must fail printed, line by line; it exits with 2. */
    private static List<String> failedStart(
            Path workingDirectory, Path data, String name, List<String> settings, Map<String, String> environment)
            throws IOException, InterruptedException {
        try (HubProcess hub = HubProcess.fromClassPath(workingDirectory, data, SUITE, name, settings, environment)) {
            Files.deleteIfExists(hub.log());
            hub.launch();
            assertThat(hub.awaitExit(Duration.ofSeconds(60))).isEqualTo(2);
            return Files.readAllLines(hub.log()).stream()
                    .filter(line -> !line.isBlank()
                            && !line.startsWith("==== start")
                            && !line.startsWith("Picked up JAVA_TOOL_OPTIONS"))
                    .toList();
        }
    }

    private HttpResponse<String> deliver(HubProcess hub, Fixture fixture) throws IOException, InterruptedException {
        byte[] body = fixture.body().toString().getBytes(StandardCharsets.UTF_8);
        String[] signature = Signatures.header(fixture.dialect(), body);
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.uri(fixture.path()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header(signature[0], signature[1])
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        fixture.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Type")) {
                request.header(name, value);
            }
        });
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
