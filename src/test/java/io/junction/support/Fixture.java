package io.junction.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A mapping fixture pair from mappings/: the webhook request and the mapping output it must produce. */
public record Fixture(
        String dialect, String name, String path, Map<String, String> headers, JsonNode body, JsonNode expected) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path STOREFRONT = Path.of("mappings", "storefront");

    public static List<Fixture> storefront(String dialect) {
        return inFolder(dialect, STOREFRONT.resolve(dialect + ".fixtures"));
    }

    /** Every request/expected pair in a mapping's fixtures folder, in name order. */
    public static List<Fixture> inFolder(String dialect, Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".request.json"))
                    .sorted()
                    .map(f -> load(dialect, f))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Fixture storefront(String dialect, String name) {
        return load(dialect, STOREFRONT.resolve(dialect + ".fixtures").resolve(name + ".request.json"));
    }

    private static Fixture load(String dialect, Path request) {
        try {
            JsonNode req = JSON.readTree(request.toFile());
            String name = request.getFileName().toString().replace(".request.json", "");
            Path expected = request.resolveSibling(name + ".expected.json");
            Map<String, String> headers = new LinkedHashMap<>();
            req.path("headers")
                    .fields()
                    .forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
            return new Fixture(
                    dialect,
                    name,
                    req.path("path").asText(),
                    headers,
                    req.path("body"),
                    Files.exists(expected) ? JSON.readTree(expected.toFile()) : null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of the body with some fields replaced, for variations on a realistic payload. */
    public ObjectNode bodyCopy() {
        return body.deepCopy();
    }

    public Fixture with(Map<String, String> headerChanges, JsonNode newBody) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.putAll(headerChanges);
        return new Fixture(dialect, name, path, h, newBody, expected);
    }

    @Override
    public String toString() {
        return dialect + "/" + name;
    }
}
