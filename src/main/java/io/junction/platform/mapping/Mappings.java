package io.junction.platform.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.schibsted.spt.data.jslt.Expression;
import com.schibsted.spt.data.jslt.JsltException;
import com.schibsted.spt.data.jslt.Parser;
import io.junction.platform.home.HubFiles;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * The JSLT mappings (mappings/, see {@link HubFiles}), each compiled once on first use and
 * then shared: a compiled JSLT expression is immutable and thread-safe.
 */
@Component
public class Mappings {

    private final HubFiles files;
    private final Map<String, Expression> compiled = new ConcurrentHashMap<>();

    public Mappings(HubFiles files) {
        this.files = files;
    }

    /**
     * Applies mapping {@code name} (a path below the mappings folder, without .jslt); the mapping reads the variables as
     * {@code $variables.<name>}, as a route's {@code jslt:} step passes an exchange's variables.
     */
    public JsonNode apply(String name, JsonNode input, Map<String, String> variables) {
        ObjectNode vars = JsonNodeFactory.instance.objectNode();
        variables.forEach(vars::put);
        return compiled.computeIfAbsent(name, this::compile).apply(Map.of("variables", vars), input);
    }

    /**
     * Compiles mapping {@code name} now: an exception naming the file unless it exists and compiles; for a mapping a
     * route's {@code jslt:} step applies ({@code imports} false), also if it imports another file, as camel-jslt
     * resolves imports from the classpath, not from the mappings folder.
     */
    public void check(String name, boolean imports) {
        Resource file = files.mapping(name + ".jslt");
        String source = read(file);
        compiled.computeIfAbsent(name, n -> compile(file, source));
        if (!imports && MappingSource.imports(source)) {
            throw new IllegalStateException("mapping " + file.getDescription()
                    + " imports another file: a mapping applied by a jslt: step must be one file");
        }
    }

    private java.io.Reader imported(String name) {
        try {
            return new StringReader(files.mapping(name).getContentAsString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new JsltException("import " + name + " cannot be read: " + e.getMessage());
        }
    }

    private Expression compile(String name) {
        Resource file = files.mapping(name + ".jslt");
        return compile(file, read(file));
    }

    private Expression compile(Resource file, String source) {
        Set<String> undeclared = MappingSource.undeclaredVariables(source);
        if (!undeclared.isEmpty()) {
            throw new IllegalStateException("mapping " + file.getDescription() + " reads "
                    + undeclared.stream().map(v -> "$" + v).collect(Collectors.joining(", "))
                    + ", which it does not declare: the hub passes a mapping its variables as $variables.<name>"
                    + " (e.g. $variables." + undeclared.iterator().next() + ")");
        }
        try {
            // an import names a file below the mappings folder (mappings/edi/ share their functions this way)
            return new Parser(new StringReader(source))
                    .withSource(file.getDescription())
                    .withResourceResolver(this::imported)
                    .compile();
        } catch (JsltException e) {
            throw new IllegalStateException(
                    "mapping " + file.getDescription() + " does not compile: " + e.getMessage(), e);
        }
    }

    private static String read(Resource file) {
        try {
            return file.getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("mapping " + file.getDescription() + " cannot be read", e);
        }
    }
}
