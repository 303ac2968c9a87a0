package io.junction.platform.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.schibsted.spt.data.jslt.Expression;
import com.schibsted.spt.data.jslt.Parser;
import io.junction.platform.home.HubFiles;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mapping reads its variables as a route's {@code jslt:} step passes them ({@code $variables.x}), the override
 * folder's file wins over the jar's both for the hub's Java and for {@code jslt:mapping:} (served as ASCII), and a
 * broken override, one reading a variable the hub does not pass, or a jslt: step's mapping that imports are refused
 * naming the file.
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
                    .isEqualTo(
                            MappingSource.asAscii(Files.readString(Path.of("mappings/storefront/woocommerce.jslt"))));
        }
        assertThatThrownBy(() -> resolver.resolve("mapping:storefront/no-such.jslt"))
                .hasMessage("no mapping storefront/no-such.jslt in the override folder's mappings/ nor in the jar's");
    }

    @Test
    void aMappingIsServedToJsltAsAsciiWhateverThePlatformCharset(@TempDir Path home) throws Exception {
        write(home, "mappings/test/accents.jslt", "// café\n{\"city\": \"Zürich → Genève 😀\"}");
        try (var served = new MappingResourceResolver(HubFiles.in(home))
                .resolve("mapping:test/accents.jslt")
                .getInputStream()) {
            // camel-jslt's reader: the platform charset, here the narrowest one
            Expression mapping = new Parser(new InputStreamReader(served, StandardCharsets.US_ASCII)).compile();
            assertThat(mapping.apply(JSON.readTree("{}")).path("city").asText()).isEqualTo("Zürich → Genève 😀");
        }
    }

    @Test
    void anOverrideReadingAVariableTheHubDoesNotPassIsRefusedNamingIt(@TempDir Path home) throws Exception {
        // an override written before the variables moved to $variables: JSLT alone would fail on the first message
        Path old = write(
                home,
                "mappings/storefront/shopify.jslt",
                "let known = \"$topic in a string\" // $source in a comment\n"
                        + "def pick(v) $v\n{\"topic\": $topic, \"source\": pick($source), \"v\": $variables.topic}");

        assertThatThrownBy(() -> new Mappings(HubFiles.in(home)).check("storefront/shopify", false))
                .hasMessage("mapping file [" + old.toAbsolutePath().normalize() + "] reads $source, $topic, which it"
                        + " does not declare: the hub passes a mapping its variables as $variables.<name>"
                        + " (e.g. $variables.source)");
    }

    @Test
    void aMappingForAJsltStepMayNotImport(@TempDir Path home) throws Exception {
        Path importing = write(home, "mappings/storefront/shopify.jslt", "import \"edi/common.jslt\" as c\n{\"a\": 1}");
        write(home, "mappings/edi/common.jslt", "def one() 1\n.");

        assertThatThrownBy(() -> new Mappings(HubFiles.in(home)).check("storefront/shopify", false))
                .hasMessage("mapping file [" + importing.toAbsolutePath().normalize()
                        + "] imports another file: a mapping applied by a jslt: step must be one file");
    }

    @Test
    void aBrokenOverrideIsRefusedNamingTheFile(@TempDir Path home) throws Exception {
        Path broken = write(home, "mappings/storefront/shopify.jslt", "{\"type\": ");

        assertThatThrownBy(() -> new Mappings(HubFiles.in(home)).check("storefront/shopify", true))
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
