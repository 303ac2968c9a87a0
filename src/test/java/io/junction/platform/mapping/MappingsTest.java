package io.junction.platform.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.platform.home.HubFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mapping reads its variables as a route's {@code jslt:} step passes them ({@code $variables.x}), the override
 * folder's file wins over the jar's both for the hub's Java and for {@code jslt:mapping:}, and a broken override is
 * refused naming the file.
 */
class MappingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aMappingReadsItsVariablesAsAJsltStepPassesThem(@TempDir Path home) throws Exception {
        write(home, "mappings/test/echo.jslt", "{\"topic\": $variables.topic, \"id\": .id}");

        assertThat(new Mappings(HubFiles.in(home))
                        .apply("test/echo", JSON.readTree("{\"id\": 7}"), Map.of("topic", "t")))
                .isEqualTo(JSON.readTree("{\"topic\": \"t\", \"id\": 7}"));
    }

    @Test
    void theOverrideFoldersMappingIsServedToJsltOverTheJars(@TempDir Path home) throws Exception {
        write(home, "mappings/storefront/shopify.jslt", "{\"edited\": true}");
        MappingResourceResolver resolver = new MappingResourceResolver(HubFiles.in(home));

        try (var edited = resolver.resolve("mapping:storefront/shopify.jslt").getInputStream();
                var shipped =
                        resolver.resolve("mapping:storefront/woocommerce.jslt").getInputStream()) {
            assertThat(new String(edited.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"edited\": true}");
            assertThat(new String(shipped.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(Files.readString(Path.of("mappings/storefront/woocommerce.jslt")));
        }
        assertThatThrownBy(() -> resolver.resolve("mapping:storefront/no-such.jslt"))
                .hasMessage("no mapping storefront/no-such.jslt in the override folder's mappings/ nor in the jar's");
    }

    @Test
    void aBrokenOverrideIsRefusedNamingTheFile(@TempDir Path home) throws Exception {
        Path broken = write(home, "mappings/storefront/shopify.jslt", "{\"type\": ");

        assertThatThrownBy(() -> new Mappings(HubFiles.in(home)).check("storefront/shopify"))
                .hasMessageStartingWith(
                        "mapping file [" + broken.toAbsolutePath().normalize())
                .hasMessageContaining("does not compile");
    }

    private static Path write(Path home, String name, String content) throws Exception {
        Path file = home.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content);
    }
}
