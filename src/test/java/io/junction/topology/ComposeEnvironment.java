package io.junction.topology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * A service's environment as docker-compose.yml gives it (anchors and merge keys resolved, ${VAR}, ${VAR:-default} and
 * ${VAR:?message} interpolated from the given shell variables, $$ as $), with the services' host names replaced by the
 * loopback addresses of the processes that stand in for them.
 */
final class ComposeEnvironment {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\$|\\$\\{([A-Za-z0-9_]+)(?:(:-|:\\?)([^}]*))?}");

    private ComposeEnvironment() {}

    @SuppressWarnings("unchecked")
    static Map<String, String> of(
            Path composeFile, String service, Map<String, String> shell, Map<String, String> hosts) throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(composeFile));
        Map<String, Object> services = (Map<String, Object>) compose.get("services");
        Map<String, Object> definition = (Map<String, Object>) services.get(service);
        if (definition == null) {
            throw new IllegalArgumentException("no service " + service + " in " + composeFile);
        }
        Map<String, String> environment = new LinkedHashMap<>();
        ((Map<String, Object>) definition.getOrDefault("environment", Map.of())).forEach((name, value) -> {
            String text = interpolate(String.valueOf(value), shell);
            for (Map.Entry<String, String> host : hosts.entrySet()) {
                text = text.replace(host.getKey(), host.getValue());
            }
            environment.put(name, text);
        });
        return environment;
    }

    private static String interpolate(String value, Map<String, String> shell) {
        Matcher matcher = VARIABLE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group().equals("$$")) {
                replacement = "$";
            } else {
                String set = shell.get(matcher.group(1));
                if (set != null && !set.isEmpty()) {
                    replacement = set;
                } else if (":?".equals(matcher.group(2))) {
                    throw new IllegalArgumentException(
                            "docker-compose.yml requires " + matcher.group(1) + ": " + matcher.group(3));
                } else {
                    replacement = matcher.group(3) == null ? "" : matcher.group(3);
                }
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
