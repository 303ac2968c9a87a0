package io.junction.adapter.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.schibsted.spt.data.jslt.JsltException;
import io.junction.canonical.CanonicalEvents;
import io.junction.canonical.CanonicalValidator;
import io.junction.canonical.ContactNormalizer;
import io.junction.canonical.InvalidEventException;
import io.junction.platform.failure.ProblemException;
import io.junction.platform.home.HubFiles;
import io.junction.platform.mapping.MappingResourceResolver;
import io.junction.support.Fixture;
import io.junction.webhook.WebhookRequests;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * Fuzzing the mapping and validation layer of the storefront intake (JSLT mapping, canonical JSON Schema, contact
 * normalization, CloudEvent envelope) with jqwik: whatever JSON arrives, under whatever topic, the intake either
 * produces an event the consumers accept too, or refuses it with the documented ProblemException (400 or 422). It
 * never throws anything else, which over HTTP would be a 500 instead of a precise answer.
 */
class MappingFuzzTest {

    private static final List<String> DIALECTS = List.of("shopify", "woocommerce", "generic");
    private static final ObjectMapper JSON = Jackson2ObjectMapperBuilder.json()
            .failOnUnknownProperties(false)
            .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            .featuresToDisable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();
    private static final CanonicalValidator VALIDATOR = new CanonicalValidator(Clock.systemUTC());
    private static final StorefrontProperties SETTINGS = storefrontSettings();
    private static final StorefrontIntake INTAKE = new StorefrontIntake(
            SETTINGS,
            VALIDATOR,
            new ContactNormalizer("US"),
            JSON,
            null /* no journal: only mapping and validation are driven */,
            java.time.Clock.systemUTC(),
            1 << 20);
    private static final CanonicalEvents CONSUMERS = new CanonicalEvents(JSON, VALIDATOR);
    private static final CamelContext CAMEL = camel();
    private static final ProducerTemplate TRANSLATOR = CAMEL.createProducerTemplate();
    /** Every field name the real fixtures use, so that generated objects often hit what the mappings read. */
    private static final List<String> FIELD_NAMES = fieldNames();

    @Property(tries = 600)
    void arbitraryJsonIsMappedOrRefusedWithAProblem(
            @ForAll("dialects") String dialect, @ForAll("topics") String topic, @ForAll("objects") JsonNode body) {
        assertMappedOrRefused(dialect, topic, body.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 1500)
    void aFixtureWithOneFieldReplacedIsMappedOrRefusedWithAProblem(
            @ForAll("mutatedFixtures") Tuple.Tuple3<Fixture, String, JsonNode> mutation) {
        Fixture fixture = mutation.get1();
        ObjectNode body = fixture.bodyCopy();
        replace(body, mutation.get2(), mutation.get3());
        String topic = fixture.headers().entrySet().stream()
                .filter(h -> h.getKey().toLowerCase().endsWith("topic"))
                .findFirst()
                .orElseThrow()
                .getValue();
        assertMappedOrRefused(fixture.dialect(), topic, body.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 300)
    void arbitraryBytesAreRefusedWithAProblem(
            @ForAll("dialects") String dialect, @ForAll("topics") String topic, @ForAll("bytes") byte[] body) {
        assertMappedOrRefused(dialect, topic, body);
    }

    private static void assertMappedOrRefused(String dialect, String topic, byte[] body) {
        Exchange exchange = new DefaultExchange(CAMEL);
        exchange.getMessage().setBody(body);
        exchange.setVariable("topic", topic);
        exchange.setVariable("deliveryId", "fuzz-1");
        exchange.setVariable("source", dialect.equals("generic") ? "fuzz-shop" : dialect);
        try {
            // the storefront route's translator (its jslt: step and what it does with the step's failures) and
            // canonical-event steps, in turn
            WebhookRequests.requireObjectStart(body);
            TRANSLATOR.send(
                    "jslt:mapping:" + SETTINGS.dialect(dialect).mapping() + ".jslt?objectMapper=#json", exchange);
            Exception failed = exchange.getException();
            if (failed instanceof JacksonException || failed instanceof JsltException) {
                INTAKE.untranslatable(failed, topic); // the route's doCatch
            } else if (failed != null) {
                throw new AssertionError("the translator failed with neither a 400 nor a 422", failed);
            }
            INTAKE.toCanonicalEvent(exchange, dialect);
        } catch (ProblemException refused) {
            assertThat(refused.status()).as(refused.getMessage()).isIn(400, 422);
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        // accepted at the door: the consumers must accept it too, or it would only be dead-lettered later
        String event = exchange.getMessage().getBody(String.class);
        try {
            CONSUMERS.read(event);
        } catch (InvalidEventException refused) {
            throw new AssertionError("the intake accepted what the consumers refuse: " + refused.getMessage() + " "
                    + refused.errors() + " in " + event);
        }
    }

    private static CamelContext camel() {
        CamelContext camel = new DefaultCamelContext();
        camel.getRegistry().bind("resource-loader-mapping", new MappingResourceResolver(HubFiles.in(Path.of("."))));
        camel.getRegistry().bind("json", JSON);
        camel.start();
        return camel;
    }

    @Provide
    Arbitrary<String> dialects() {
        return Arbitraries.of(DIALECTS);
    }

    @Provide
    Arbitrary<String> topics() {
        return Arbitraries.of(
                "orders/create",
                "orders/updated",
                "orders/cancelled",
                "customers/create",
                "customers/update",
                "order.created",
                "order.updated",
                "order.cancelled",
                "customer.created",
                "customer.updated",
                "products/create");
    }

    @Provide
    Arbitrary<JsonNode> objects() {
        return object(3);
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    }

    @Provide
    Arbitrary<Tuple.Tuple3<Fixture, String, JsonNode>> mutatedFixtures() {
        List<Fixture> fixtures =
                DIALECTS.stream().flatMap(d -> Fixture.storefront(d).stream()).toList();
        return Arbitraries.of(fixtures).flatMap(fixture -> Combinators.combine(
                        Arbitraries.just(fixture), Arbitraries.of(pointers(fixture.body(), "")), node(2))
                .as(Tuple::of));
    }

    private Arbitrary<JsonNode> node(int depth) {
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40).map(TextNode::valueOf),
                Arbitraries.of(
                                "",
                                " ",
                                "2024-07-01T10:00:00Z",
                                "2024-07-01T23:59:60Z",
                                "2999-01-01T00:00:00Z",
                                "2024-07-01",
                                "USD",
                                "usd",
                                "XYZ",
                                "-1",
                                "0",
                                "1e400",
                                "NaN",
                                "12.345",
                                "+14155550132",
                                "(415) 555-0132",
                                "not a phone",
                                "a@b",
                                "A@B.COM",
                                "fulfilled",
                                "partial",
                                "paid",
                                "refunded",
                                "pending",
                                "cancelled",
                                "completed",
                                "x'; DROP TABLE customer; --",
                                "\u0000",
                                "\uD83D\uDE00")
                        .map(TextNode::valueOf),
                Arbitraries.longs().map(LongNode::valueOf),
                Arbitraries.of(-1L, 0L, 1L, 1_000_001L, Long.MAX_VALUE).map(LongNode::valueOf),
                Arbitraries.doubles().map(DoubleNode::valueOf),
                Arbitraries.bigDecimals().map(DecimalNode::valueOf),
                Arbitraries.of(BooleanNode.TRUE, BooleanNode.FALSE, NullNode.getInstance()));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<JsonNode> array = node(depth - 1).list().ofMaxSize(4).map(items -> {
            ArrayNode a = JsonNodeFactory.instance.arrayNode();
            a.addAll(items);
            return a;
        });
        return Arbitraries.frequencyOf(Tuple.of(4, leaf), Tuple.of(1, array), Tuple.of(1, object(depth - 1)));
    }

    private Arbitrary<JsonNode> object(int depth) {
        Arbitrary<String> keys = Arbitraries.oneOf(
                Arbitraries.of(FIELD_NAMES), Arbitraries.strings().ofMaxLength(10));
        return Arbitraries.maps(keys, depth == 0 ? node(0) : node(depth))
                .ofMaxSize(8)
                .map(fields -> {
                    ObjectNode o = JsonNodeFactory.instance.objectNode();
                    fields.forEach(o::set);
                    return o;
                });
    }

    /** JSON pointers to every node below the root. */
    private static List<String> pointers(JsonNode node, String at) {
        List<String> all = new ArrayList<>();
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                String child = at + "/" + name.replace("~", "~0").replace("/", "~1");
                all.add(child);
                all.addAll(pointers(node.get(name), child));
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                all.add(at + "/" + i);
                all.addAll(pointers(node.get(i), at + "/" + i));
            }
        }
        return all;
    }

    private static void replace(JsonNode root, String pointer, JsonNode value) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1).replace("~1", "/").replace("~0", "~");
        if (parent instanceof ObjectNode o) {
            o.set(last, value);
        } else if (parent instanceof ArrayNode a) {
            a.set(Integer.parseInt(last), value);
        }
    }

    private static List<String> fieldNames() {
        TreeSet<String> names = new TreeSet<>();
        for (String dialect : DIALECTS) {
            for (Fixture fixture : Fixture.storefront(dialect)) {
                collect(fixture.body(), names);
            }
        }
        return List.copyOf(names);
    }

    private static void collect(JsonNode node, TreeSet<String> names) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            names.add(field.getKey());
            collect(field.getValue(), names);
        }
        node.elements().forEachRemaining(e -> collect(e, names));
    }

    /** The dialects exactly as config/application.yml declares them. */
    private static StorefrontProperties storefrontSettings() {
        try {
            StandardEnvironment environment = new StandardEnvironment();
            new YamlPropertySourceLoader()
                    .load("application", new FileSystemResource("config/application.yml"))
                    .forEach(environment.getPropertySources()::addLast);
            return new Binder(ConfigurationPropertySources.get(environment))
                    .bind("junction", StorefrontProperties.class)
                    .get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
