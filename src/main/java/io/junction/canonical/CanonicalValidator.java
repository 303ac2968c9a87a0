package io.junction.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Checks canonical event data against the published JSON Schemas (src/main/resources/schemas), plus the rules a
 * schema cannot express. Schemas are compiled once; validation is thread-safe.
 */
@Component
public class CanonicalValidator {

    private static final String SCHEMA_BASE = "https://junction.io/schemas/";
    /**
     * The times a source reports "as of". Survivorship and the stale-update check trust the most recent report, so one
     * from the future would win over every real one until that time came (a shipment checkpoint's "time" likewise sets
     * the shipment's status): refused, beyond a tolerance for clock skew.
     */
    private static final Set<String> REPORT_TIMES = Set.of("placedAt", "updatedAt", "asOf", "time");

    private static final Set<String> NON_FINITE = Set.of("Infinity", "-Infinity", "NaN");
    /** The schema's type error when it wanted a number: "string found, number expected", "..., [number, null] ...". */
    private static final Pattern NUMBER_EXPECTED = Pattern.compile(".*found, .*\\b(number|integer)\\b.* expected");

    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);

    /** ISO 4217 codes the JDK knows; built once, as the JDK builds a fresh set on every call. */
    private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode)
            .collect(Collectors.toUnmodifiableSet());

    private final Map<EventType, JsonSchema> schemas = new EnumMap<>(EventType.class);
    private final Map<String, JsonSchema> otherSchemas = new ConcurrentHashMap<>();
    private final JsonSchemaFactory factory;
    private final SchemaValidatorsConfig config;
    private final Clock clock;

    public CanonicalValidator(Clock clock) {
        factory = JsonSchemaFactory.getInstance(
                SpecVersion.VersionFlag.V202012,
                builder -> builder.schemaMappers(m -> m.mapPrefix(SCHEMA_BASE, "classpath:schemas/")));
        config = SchemaValidatorsConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_PATH)
                .build();
        for (EventType type : EventType.values()) {
            JsonSchema schema = factory.getSchema(SchemaLocation.of(SCHEMA_BASE + type.schema()), config);
            schema.initializeValidators();
            schemas.put(type, schema);
        }
        this.clock = clock;
    }

    /** Every problem found, each naming the canonical field (JSON path) at fault; empty when the data is valid. */
    public List<FieldError> validate(EventType type, JsonNode data) {
        List<FieldError> errors = new ArrayList<>();
        schemas.get(type).validate(data).forEach(m -> errors.add(fieldError(m)));
        if (errors.isEmpty() && type.isOrder()) {
            String currency = data.path("currency").asText();
            if (!CURRENCIES.contains(currency)) {
                errors.add(new FieldError("$.currency", "unknown ISO 4217 currency '" + currency + "'"));
            }
        }
        if (errors.isEmpty()) {
            beyondTheSchema("$", data, OffsetDateTime.now(clock).plus(MAX_CLOCK_SKEW), errors);
        }
        errors.sort(Comparator.comparing(FieldError::field));
        return errors;
    }

    /**
     * The schema's verdict on one field. A mapping's non-finite number reaches the schema as the text JSON writes it
     * ("Infinity"; the translator's output is JSON text): named for what it is, not as a string in place of a number.
     */
    private static FieldError fieldError(ValidationMessage m) {
        JsonNode value = m.getInstanceNode();
        boolean nonFinite = "type".equals(m.getType())
                && NUMBER_EXPECTED.matcher(m.getError()).matches()
                && value != null
                && value.isTextual()
                && NON_FINITE.contains(value.asText());
        return new FieldError(m.getInstanceLocation().toString(), nonFinite ? "must be a finite number" : m.getError());
    }

    /** What JSON Schema cannot say: report times not in the future, numbers finite (a mapping can compute Infinity). */
    private static void beyondTheSchema(String path, JsonNode node, OffsetDateTime latest, List<FieldError> errors) {
        if (node.isNumber() && !Double.isFinite(node.doubleValue())) {
            errors.add(new FieldError(path, "must be a finite number"));
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                beyondTheSchema(path + "[" + i + "]", node.get(i), latest, errors);
            }
        }
        node.fields().forEachRemaining(field -> {
            String at = path + "." + field.getKey();
            if (REPORT_TIMES.contains(field.getKey()) && field.getValue().isTextual()) {
                String text = field.getValue().asText();
                try {
                    if (OffsetDateTime.parse(text).isAfter(latest)) {
                        errors.add(new FieldError(
                                at,
                                "is in the future (" + text + "); at most " + MAX_CLOCK_SKEW.toMinutes()
                                        + " minutes of clock skew are allowed"));
                    }
                } catch (DateTimeParseException e) {
                    // the schema's date-time format admits a few forms (e.g. a leap second) the canonical records
                    // cannot hold
                    errors.add(
                            new FieldError(at, "must be an ISO-8601 date-time with offset, e.g. 2024-07-01T10:00:00Z"));
                }
            } else {
                beyondTheSchema(at, field.getValue(), latest, errors);
            }
        });
    }

    /** The same for data that is not an event's, such as an inbound report, against one of the published schemas. */
    public List<FieldError> validate(String schemaFile, JsonNode data) {
        JsonSchema schema = otherSchemas.computeIfAbsent(schemaFile, f -> {
            JsonSchema compiled = factory.getSchema(SchemaLocation.of(SCHEMA_BASE + f), config);
            compiled.initializeValidators();
            return compiled;
        });
        List<FieldError> errors = new ArrayList<>();
        schema.validate(data).forEach(m -> errors.add(fieldError(m)));
        if (errors.isEmpty()) {
            beyondTheSchema("$", data, OffsetDateTime.now(clock).plus(MAX_CLOCK_SKEW), errors);
        }
        errors.sort(Comparator.comparing(FieldError::field));
        return errors;
    }
}
