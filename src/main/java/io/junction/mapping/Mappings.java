package io.junction.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.schibsted.spt.data.jslt.Expression;
import com.schibsted.spt.data.jslt.JsltException;
import com.schibsted.spt.data.jslt.Parser;
import com.schibsted.spt.data.jslt.impl.FileSystemResourceResolver;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The JSLT mappings in the mappings folder ({@code junction.mappings-dir}), each compiled once on first use and
 * then shared: a compiled JSLT expression is immutable and thread-safe.
 */
@Component
public class Mappings {

    private final Path root;
    private final Map<String, Expression> compiled = new ConcurrentHashMap<>();

    public Mappings(@Value("${junction.mappings-dir:mappings}") Path root) {
        this.root = root;
    }

    /** Applies mapping {@code name} (a path below the mappings folder, without .jslt) with the given variables. */
    public JsonNode apply(String name, JsonNode input, Map<String, String> variables) {
        Map<String, JsonNode> vars = variables.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> TextNode.valueOf(e.getValue())));
        return compiled.computeIfAbsent(name, this::compile).apply(vars, input);
    }

    private Expression compile(String name) {
        Path file = root.resolve(name + ".jslt");
        try {
            // an import names a file below the mappings folder (mappings/edi/ share their functions this way)
            return new Parser(new StringReader(Files.readString(file))).withSource(file.toString())
                    .withResourceResolver(new FileSystemResourceResolver(root)).compile();
        } catch (IOException e) {
            throw new UncheckedIOException("mapping " + file.toAbsolutePath() + " cannot be read", e);
        } catch (JsltException e) {
            throw new IllegalStateException("mapping " + file.toAbsolutePath() + " does not compile: " + e.getMessage(), e);
        }
    }
}
