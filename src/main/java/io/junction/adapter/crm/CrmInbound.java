package io.junction.adapter.crm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.schibsted.spt.data.jslt.JsltException;
import io.junction.canonical.CanonicalValidator;
import io.junction.canonical.CloudEvent;
import io.junction.canonical.ContactNormalizer;
import io.junction.canonical.Customer;
import io.junction.canonical.EventType;
import io.junction.canonical.FieldError;
import io.junction.platform.bus.EventHeaders;
import io.junction.platform.bus.OutgoingEvent;
import io.junction.platform.failure.ProblemException;
import io.junction.platform.mapping.Mappings;
import io.junction.view.customer.CustomerStore;
import io.junction.view.customer.GoldenCustomer;
import io.junction.webhook.SignatureEncoding;
import io.junction.webhook.SignatureScheme;
import io.junction.webhook.WebhookRequests;
import io.junction.webhook.WebhookSecrets;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * CRM-side edits into the hub: records from the CRM's webhook or from the "modified since" poll, each mapped by
 * {@code mappings/crm/<dialect>/inbound.jslt} to a canonical customer of source system {@code crm} and published as
 * {@code customer.upserted}. A record that is only the CRM echoing the state the hub last pushed is dropped here (its
 * hash is in crm_push); any other record of that customer ends that push's claim to be echoed (CrmPushes). The event
 * id derives from the CRM's id and modification time, so the same edit seen by the webhook and by the poll, or
 * delivered twice, has one effect.
 */
@Component
public class CrmInbound {

    static final String SOURCE = "/crm";
    private static final String ACCEPTED = "junctionCrmAccepted";
    private static final String ECHOES = "junctionCrmEchoes";
    private static final Logger log = LoggerFactory.getLogger(CrmInbound.class);

    private final CrmProperties crm;
    private final Mappings mappings;
    private final CanonicalValidator validator;
    private final ContactNormalizer normalizer;
    private final CustomerStore customers;
    private final CrmPushes pushes;
    private final ObjectMapper json;
    private final SignatureScheme signing;
    private final int maxBodyBytes;
    private final Clock clock;

    public CrmInbound(
            CrmProperties crm,
            Mappings mappings,
            CanonicalValidator validator,
            ContactNormalizer normalizer,
            CustomerStore customers,
            CrmPushes pushes,
            ObjectMapper json,
            Environment environment,
            Clock clock,
            @Value("${junction.intake.max-body-bytes:1048576}") int maxBodyBytes) {
        this.crm = crm;
        this.mappings = mappings;
        this.validator = validator;
        this.normalizer = normalizer;
        this.customers = customers;
        this.pushes = pushes;
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
        String secret = crm.webhook().secret();
        this.signing = secret == null || secret.isBlank()
                ? null
                : new SignatureScheme.Hmac(secret, crm.webhook().signatureHeader(), SignatureEncoding.HEX, "sha256=");
        if (signing == null) {
            log.info("no CRM webhook secret (JUNCTION_CRM_WEBHOOK_SECRET): POST /webhooks/crm refuses every request");
        } else {
            WebhookSecrets.check(
                    "the CRM webhook",
                    secret,
                    "JUNCTION_CRM_WEBHOOK_SECRET",
                    environment.acceptsProfiles(Profiles.of("prod")));
        }
    }

    /** Size, media type and the HMAC over the raw body, as for storefront webhooks. */
    public void verify(Exchange exchange) {
        if (signing == null) {
            throw new ProblemException(401, "Unauthorized", "this hub has no CRM webhook secret configured");
        }
        Message in = exchange.getMessage();
        in.setBody(WebhookRequests.verifiedBody(in, signing, maxBodyBytes, clock.instant()));
    }

    /** The webhook body: one CRM record, or {"results": [records]}. */
    public List<OutgoingEvent> fromWebhook(Exchange exchange) {
        JsonNode body = WebhookRequests.jsonObject(json, exchange.getMessage().getBody(byte[].class));
        return toEvents(
                exchange,
                body.has("results")
                        ? body.get("results")
                        : json.createArrayNode().add(body),
                "$");
    }

    /** The poll answer, {"results": [records]}; the latest modification time becomes the next watermark. */
    public List<OutgoingEvent> fromPoll(Exchange exchange) throws JsonProcessingException {
        JsonNode body = json.readTree(exchange.getMessage().getBody(String.class));
        return toEvents(exchange, body.path("results"), "$.results");
    }

    /** 202 with how many records became events and how many were echoes of the hub's own updates. */
    public void accepted(Exchange exchange) throws JsonProcessingException {
        Message out = exchange.getMessage();
        Map<String, Object> answer = Map.of(
                "status",
                "accepted",
                "published",
                exchange.getProperty(ACCEPTED, 0, Integer.class),
                "echoesDropped",
                exchange.getProperty(ECHOES, 0, Integer.class));
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(json.writeValueAsString(answer));
    }

    private List<OutgoingEvent> toEvents(Exchange exchange, JsonNode records, String path) {
        List<OutgoingEvent> events = new ArrayList<>();
        int echoes = 0;
        OffsetDateTime latest = null;
        for (int i = 0; i < records.size(); i++) {
            Mapped mapped = map(records.get(i), path + "[" + i + "]");
            Customer customer = mapped.customer();
            if (customer.updatedAt() != null
                    && (latest == null || customer.updatedAt().isAfter(latest))) {
                latest = customer.updatedAt();
            }
            Optional<GoldenCustomer> known = linkedCustomer(mapped);
            if (known.isPresent()) {
                if (pushes.isEcho(known.get().id(), pushes.hash(customer))) {
                    log.debug(
                            "CRM record {} echoes the state the hub last pushed; dropped", customer.sourceCustomerId());
                    echoes++;
                    continue;
                }
                pushes.forget(known.get().id());
            }
            events.add(event(customer));
        }
        exchange.setProperty(ACCEPTED, events.size());
        exchange.setProperty(ECHOES, echoes);
        exchange.setProperty(CrmPoller.LATEST, latest);
        return events;
    }

    /**
     * The hub customer the CRM record is about: by the hub id the CRM keeps as its external id (the CRM's own id is
     * linked to that customer on the way), else by the CRM's id.
     */
    private Optional<GoldenCustomer> linkedCustomer(Mapped mapped) {
        Optional<GoldenCustomer> byHubId =
                mapped.hubCustomerId() == null ? Optional.empty() : customers.byId(mapped.hubCustomerId());
        if (byHubId.isPresent()) {
            // link the CRM's id now: the customer view then finds the person by it, whatever the CRM changed
            customers.link(
                    crm.system(),
                    mapped.customer().sourceCustomerId(),
                    byHubId.get().id(),
                    OffsetDateTime.now(clock));
            return byHubId;
        }
        return customers.byXref(crm.system(), mapped.customer().sourceCustomerId());
    }

    private record Mapped(Customer customer, String hubCustomerId) {}

    private Mapped map(JsonNode record, String path) {
        JsonNode mapped;
        try {
            mapped = mappings.apply(crm.mapping("inbound"), record, Map.of("system", crm.system()));
        } catch (JsltException e) {
            throw new ProblemException(
                    422,
                    "Unprocessable content",
                    "a CRM record cannot be mapped: " + e.getMessage(),
                    List.of(new FieldError(path, e.getMessage())));
        }
        // " Alice@Example.COM " is a valid address written loosely: normalized before the schema judges it
        JsonNode data = ContactNormalizer.normalizeEmails(mapped.path("customer"));
        List<FieldError> errors = validator.validate(EventType.CUSTOMER_UPSERTED, data).stream()
                .map(e -> new FieldError(path + " → " + e.field(), e.problem()))
                .toList();
        if (!errors.isEmpty() || !data.hasNonNull("sourceCustomerId")) {
            throw new ProblemException(
                    422,
                    "Unprocessable content",
                    "a CRM record does not map to a valid customer",
                    errors.isEmpty() ? List.of(new FieldError(path, "no CRM id")) : errors);
        }
        Customer customer = normalizer.normalize(json.convertValue(data, Customer.class));
        return new Mapped(customer, mapped.path("hubCustomerId").asText(null));
    }

    private OutgoingEvent event(Customer customer) {
        String version =
                customer.updatedAt() != null ? customer.updatedAt().toInstant().toString() : pushes.hash(customer);
        String id = UUID.nameUUIDFromBytes(("crm/" + crm.system() + "/" + customer.sourceCustomerId() + "/" + version)
                        .getBytes(StandardCharsets.UTF_8))
                .toString();
        CloudEvent event = CloudEvent.of(
                id,
                SOURCE,
                EventType.CUSTOMER_UPSERTED,
                "customer/" + crm.system() + "/" + customer.sourceCustomerId(),
                OffsetDateTime.now(clock),
                json.valueToTree(customer));
        return OutgoingEvent.of(event, EventHeaders.groupOf(customer), json);
    }
}
