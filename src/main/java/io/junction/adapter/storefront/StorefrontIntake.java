package io.junction.adapter.storefront;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.CanonicalValidator;
import io.junction.canonical.CloudEvent;
import io.junction.canonical.ContactNormalizer;
import io.junction.canonical.Customer;
import io.junction.canonical.EventType;
import io.junction.canonical.FieldError;
import io.junction.canonical.Order;
import io.junction.platform.bus.EventHeaders;
import io.junction.platform.failure.ProblemException;
import io.junction.webhook.InboundJournal;
import io.junction.webhook.WebhookRequests;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The steps of a storefront webhook, called in turn by the storefront route: check it is authentic, then turn it
 * into a validated canonical event, then answer the storefront once the event is on the bus.
 */
@Component
public class StorefrontIntake {

    /** A ping is one short form field: {@code <ping-field>=<digits>}. */
    private static final Pattern PING_ID_VALUE = Pattern.compile("[0-9]{1,20}");

    private static final String PING_ID = "JunctionPingWebhookId";

    /**
     * Exchange properties a dialect's shipment mapping sets (adapter.scm.StorefrontShipments): the shipment reports a webhook
     * carries, and their cause id. A topic that only carries shipments (Shopify's fulfillments/*) has no canonical event.
     */
    public static final String SHIPMENT_REPORTS = "JunctionShipmentReports";

    public static final String SHIPMENT_CAUSE = "JunctionShipmentCause";

    /** The exchange variables {@link #identify} sets. */
    public static final String TOPIC = "topic";

    public static final String DELIVERY_ID = "deliveryId";
    public static final String SOURCE = "source";

    private final StorefrontProperties properties;
    private final CanonicalValidator validator;
    private final ContactNormalizer normalizer;
    private final ObjectMapper json;
    private final InboundJournal journal;
    private final int maxBodyBytes;
    private final Clock clock;

    public StorefrontIntake(
            StorefrontProperties properties,
            CanonicalValidator validator,
            ContactNormalizer normalizer,
            ObjectMapper json,
            InboundJournal journal,
            Clock clock,
            @Value("${junction.intake.max-body-bytes:1048576}") int maxBodyBytes) {
        this.properties = properties;
        this.validator = validator;
        this.normalizer = normalizer;
        this.json = json;
        this.journal = journal;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    /** Journals the webhook as it arrived (source, topic, delivery id, raw body), before anything can refuse it. */
    public void journal(Exchange exchange, String dialectName) {
        StorefrontDialect dialect = properties.dialect(dialectName);
        Message in = exchange.getMessage();
        String source = in.getHeader("source", String.class);
        journal.receive(
                exchange,
                source == null ? dialectName : dialectName + "/" + source,
                in.getHeader(dialect.topicHeader(), String.class),
                in.getHeader(dialect.deliveryIdHeader(), String.class));
    }

    /**
     * Whether this is the storefront's ping of a new webhook: for a dialect with a {@code ping-field}, an unsigned form
     * post of that one numeric field and nothing else (WooCommerce: {@code webhook_id=<n>}). Anything else, however
     * close, goes through the checks of a real delivery. The HTTP layer has parsed a form body into headers by now:
     * the Content-Length, exactly that of {@code <field>=<n>}, proves the body held nothing else.
     */
    public boolean isPing(Exchange exchange, String dialectName) {
        String field = properties.dialect(dialectName).pingField();
        Message in = exchange.getMessage();
        String contentType = in.getHeader(Exchange.CONTENT_TYPE, String.class);
        if (field == null
                || contentType == null
                || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")
                || in.getHeader(Exchange.HTTP_QUERY) != null) {
            return false;
        }
        String webhookId = in.getHeader(field, String.class);
        Long length = in.getHeader(Exchange.CONTENT_LENGTH, Long.class);
        if (webhookId == null
                || !PING_ID_VALUE.matcher(webhookId).matches()
                || length == null
                || length != field.length() + 1 + webhookId.length()) {
            return false;
        }
        exchange.setProperty(PING_ID, webhookId);
        return true;
    }

    /** 200 to a ping, naming the webhook: nothing is mapped, published or stored. */
    public void pong(Exchange exchange) {
        Message out = exchange.getMessage();
        String webhookId = exchange.getProperty(PING_ID, String.class);
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(write(new Pong(webhookId, "pong")));
    }

    /** Size, media type and HMAC signature over the raw body: 413, 415 or 401 before anything is parsed. */
    public void verify(Exchange exchange, String dialectName) {
        Message in = exchange.getMessage();
        in.setBody(WebhookRequests.verifiedBody(in, properties.dialect(dialectName), maxBodyBytes, clock.instant()));
    }

    /**
     * What the webhook is about, as the exchange variables the topic router and the translator read: its topic, its
     * delivery id and the sending shop (the {source} path segment, else the dialect's name). 400 for a missing header
     * or a malformed source name.
     */
    public void identify(Exchange exchange, String dialectName) {
        StorefrontDialect dialect = properties.dialect(dialectName);
        Message in = exchange.getMessage();
        exchange.setVariable(TOPIC, WebhookRequests.requiredHeader(in, dialect.topicHeader()));
        exchange.setVariable(DELIVERY_ID, WebhookRequests.requiredHeader(in, dialect.deliveryIdHeader()));
        exchange.setVariable(SOURCE, WebhookRequests.sourceName(in, dialectName));
    }

    /** 400 for a topic this hub maps to nothing (after the body's own 400s, which come first). */
    public void unknownTopic(byte[] body, String topic, String dialectName) {
        WebhookRequests.jsonObject(json, body);
        throw unknown(properties.dialect(dialectName), topic);
    }

    /**
     * The translator's ({@code jslt:}) failures as the sender's answers: 400 for malformed JSON, 422 for a payload the
     * dialect's mapping cannot map.
     */
    public void untranslatable(Exception e, String topic) {
        if (e instanceof JacksonException malformed) {
            throw WebhookRequests.malformed(malformed);
        }
        // the message quotes the offending value, which can be as large as the body: the sender gets its start
        String why = e.getMessage().length() > 300 ? e.getMessage().substring(0, 300) + "…" : e.getMessage();
        throw new ProblemException(
                422,
                "Unprocessable content",
                "the " + topic + " payload cannot be mapped: " + why,
                List.of(new FieldError("$", why)));
    }

    /**
     * Turns the translator's output (the JSON text {@code {"type", "data"}}) into the canonical event (400 for an
     * unknown topic, 422 for data that breaks the canonical schema) and leaves the CloudEvent JSON as the body, with
     * only the bus headers set.
     */
    public void toCanonicalEvent(Exchange exchange, String dialectName) {
        StorefrontDialect dialect = properties.dialect(dialectName);
        Message in = exchange.getMessage();
        String topic = exchange.getVariable(TOPIC, String.class);
        String source = exchange.getVariable(SOURCE, String.class);

        JsonNode mapped = read(in.getBody(String.class));
        if (!mapped.hasNonNull("type") && exchange.getProperty(SHIPMENT_REPORTS) != null) {
            // a topic only the shipment mapping knows (Shopify's fulfillments/*): shipments, and no canonical event
            in.getHeaders().clear();
            in.setBody(null);
            return;
        }
        EventType type = EventType.of(mapped.path("type").asText(null)).orElseThrow(() -> unknown(dialect, topic));
        // " Alice@Example.COM " is a valid address written loosely: normalized before the schema judges it
        JsonNode data = ContactNormalizer.normalizeEmails(mapped.path("data"));
        List<FieldError> errors = validator.validate(type, data);
        if (!errors.isEmpty()) {
            throw new ProblemException(
                    422,
                    "Unprocessable content",
                    "the " + topic + " payload does not map to a valid " + type.type(),
                    errors);
        }

        String eventId = eventId(
                dialect, dialectName + "/" + source + "/", exchange.getVariable(DELIVERY_ID, String.class), type, data);
        Canonical canonical =
                type.isOrder() ? orderEvent(eventId, source, type, data) : customerEvent(eventId, source, type, data);
        CloudEvent event = canonical.event();

        // the webhook's own headers (signature included) stay at the door: only bus headers travel on
        EventHeaders.stamp(in, event, EventHeaders.groupOf(canonical.customer()));
        in.setBody(write(event));
    }

    /** 202 Accepted with the event id (else the shipments' cause id): the event is durably on the broker by now. */
    public void accepted(Exchange exchange) {
        Message out = exchange.getMessage();
        String id =
                out.getHeader(EventHeaders.EVENT_ID, exchange.getProperty(SHIPMENT_CAUSE, String.class), String.class);
        String type = out.getHeader(EventHeaders.EVENT_TYPE, String.class);
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(write(new Accepted(id, type, "accepted")));
    }

    private static ProblemException unknown(StorefrontDialect dialect, String topic) {
        return ProblemException.badRequest(
                "unknown topic '" + topic + "'",
                new FieldError(dialect.topicHeader(), "topic '" + topic + "' is not one this hub maps"));
    }

    /**
     * The event's id, the same for every delivery of the same event, so that each consumer applies it once: from the
     * delivery id, or for a dialect that sends a new one with each retry, from the mapped canonical data (its source
     * ids and modification time included) and the event type, so a retry maps to the same id and a real change to a
     * new one. The type counts: WooCommerce sends order.created and order.updated for one save with the same data, and
     * the creation must not be taken for a retry of the update.
     */
    private String eventId(StorefrontDialect dialect, String sender, String deliveryId, EventType type, JsonNode data) {
        String identity = dialect.eventId() == StorefrontDialect.EventIdentity.CONTENT
                ? "content:" + type.type() + ":" + write(data)
                : deliveryId;
        return UUID.nameUUIDFromBytes((sender + identity).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** The 200 answer to a ping. */
    private record Pong(String webhookId, String status) {}

    /** The 202 body. */
    private record Accepted(String id, String type, String status) {}

    /** A canonical event and the customer it concerns. */
    private record Canonical(CloudEvent event, Customer customer) {}

    private Canonical orderEvent(String id, String source, EventType type, JsonNode data) {
        // read from the tree itself: convertValue would first copy the tree into a token buffer
        Order order = treeToValue(data, Order.class);
        Order normalized = new Order(
                order.sourceSystem(),
                order.sourceOrderId(),
                order.orderNumber(),
                order.status(),
                order.paymentStatus(),
                order.currency(),
                order.lines(),
                order.subtotal(),
                order.tax(),
                order.shipping(),
                order.total(),
                order.placedAt(),
                order.updatedAt(),
                order.cancelReason(),
                order.statusReason(),
                order.shipmentRef(),
                normalizer.normalize(order.customer()),
                order.shippingAddress());
        return new Canonical(
                CloudEvent.of(
                        id,
                        "/storefront/" + source,
                        type,
                        "order/" + order.sourceSystem() + "/" + order.sourceOrderId(),
                        now(),
                        json.valueToTree(normalized)),
                normalized.customer());
    }

    private Canonical customerEvent(String id, String source, EventType type, JsonNode data) {
        Customer customer = normalizer.normalize(treeToValue(data, Customer.class));
        // a guest has no source id; the subject then names only the system, never personal data such as the e-mail
        String subject = "customer/" + customer.sourceSystem()
                + (customer.sourceCustomerId() == null ? "" : "/" + customer.sourceCustomerId());
        return new Canonical(
                CloudEvent.of(id, "/storefront/" + source, type, subject, now(), json.valueToTree(customer)), customer);
    }

    private <T> T treeToValue(JsonNode data, Class<T> type) {
        try {
            return json.treeToValue(data, type);
        } catch (JacksonException e) {
            // the schema has checked the data: a mismatch with the record is the hub's own bug, as convertValue's was
            throw new IllegalArgumentException(e);
        }
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JacksonException e) {
            // the translator wrote it: text it cannot read back is the hub's own bug
            throw new IllegalStateException(e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JacksonException e) {
            throw new IllegalStateException(e);
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
