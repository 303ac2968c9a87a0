package io.junction.bench.jmh;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.junction.adapter.storefront.StorefrontDialect;
import io.junction.adapter.storefront.StorefrontProperties;
import io.junction.canonical.CanonicalValidator;
import io.junction.canonical.ContactNormalizer;
import io.junction.canonical.Customer;
import io.junction.platform.home.HubFiles;
import io.junction.platform.mapping.Mappings;
import io.junction.view.customer.Survivorship;
import io.junction.webhook.SignatureEncoding;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The hub's own parts, built without Spring but as config/application.yml sets them up, and the storefront fixtures
 * in mappings/ as the webhooks they stand for. The benchmarks run from the repository root (bench/jmh/run).
 */
final class HubParts {

    static final ObjectMapper JSON = hubObjectMapper();
    private static final Map<String, Object> CONFIG = junctionConfig();

    private HubParts() {
    }

    /** A storefront webhook as it reaches the intake: its raw body, its headers, the dialect's settings. */
    record Webhook(String dialect, StorefrontDialect settings, byte[] body, Map<String, String> headers, String source,
                   JsonNode mapped) {

        String topic() {
            return headers.get(settings.topicHeader());
        }

        /** The canonical data the mapping makes of it (the fixture's expected output). */
        JsonNode canonicalData() {
            return mapped.path("data");
        }

        /** The buyer as the mapping reports it, before the intake normalizes e-mail and phone. */
        Customer customer() {
            return JSON.convertValue(canonicalData().path("customer"), Customer.class);
        }
    }

    /** Spring Boot's ObjectMapper with the hub's spring.jackson settings (config/application.yml). */
    private static ObjectMapper hubObjectMapper() {
        return JsonMapper.builder().findAndAddModules()
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    static Mappings mappings() {
        return new Mappings(HubFiles.in(Path.of(".")));
    }

    static CanonicalValidator validator() {
        return new CanonicalValidator(Clock.systemUTC());
    }

    static ContactNormalizer normalizer() {
        return new ContactNormalizer((String) section("customer-view").get("default-phone-region"));
    }

    @SuppressWarnings("unchecked")
    static Survivorship survivorship() {
        return new Survivorship((Map<String, List<String>>) section("customer-view").get("survivorship"));
    }

    static StorefrontProperties storefront() {
        Map<String, StorefrontDialect> dialects = new LinkedHashMap<>();
        section("storefront").forEach((name, value) -> dialects.put(name, dialect(asMap(value))));
        return new StorefrontProperties(dialects);
    }

    /** The order-created fixture of a storefront dialect (mappings/storefront/&lt;dialect&gt;.fixtures/01-order-created). */
    static Webhook orderCreated(String dialect) {
        StorefrontDialect settings = storefront().dialect(dialect);
        Path request = Path.of("mappings", settings.mapping() + ".fixtures", "01-order-created.request.json");
        try {
            JsonNode fixture = JSON.readTree(request.toFile());
            Map<String, String> headers = new LinkedHashMap<>();
            fixture.path("headers").fields().forEachRemaining(h -> headers.put(h.getKey(), h.getValue().asText()));
            // a dialect with a {source} path segment names its source there, as the webhook route does
            String prefix = "/webhooks/" + dialect + "/";
            String path = fixture.path("path").asText();
            String source = path.startsWith(prefix) ? path.substring(prefix.length()) : null;
            if (source != null) {
                headers.put("source", source);
            }
            JsonNode mapped = JSON.readTree(request.resolveSibling("01-order-created.expected.json").toFile());
            return new Webhook(dialect, settings, JSON.writeValueAsBytes(fixture.path("body")), headers,
                    source == null ? dialect : source, mapped);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static StorefrontDialect dialect(Map<String, Object> d) {
        Object encoding = d.get("signature-encoding");
        Object eventId = d.get("event-id");
        return new StorefrontDialect((String) d.get("secret"), (String) d.get("mapping"), (String) d.get("topic-header"),
                (String) d.get("delivery-id-header"), (String) d.get("signature-header"),
                encoding == null ? null : SignatureEncoding.valueOf(encoding.toString().toUpperCase(Locale.ROOT)),
                (String) d.get("signature-prefix"),
                eventId == null ? null
                        : StorefrontDialect.EventIdentity.valueOf(eventId.toString().toUpperCase(Locale.ROOT)),
                (String) d.get("ping-field"), (String) d.get("shipment-mapping"));
    }

    private static Map<String, Object> section(String name) {
        return asMap(CONFIG.get(name));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }

    private static Map<String, Object> junctionConfig() {
        try (Reader config = Files.newBufferedReader(Path.of("config", "application.yml"))) {
            Map<String, Object> root = new Yaml().load(config);
            return asMap(root.get("junction"));
        } catch (IOException e) {
            throw new UncheckedIOException("run the benchmarks from the repository root (bash bench/jmh/run)", e);
        }
    }
}
