package io.junction.adapter.edi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.schibsted.spt.data.jslt.JsltException;
import io.junction.adapter.scm.ShipmentReport;
import io.junction.adapter.scm.ShipmentReports;
import io.junction.adapter.scm.ShipmentTracker;
import io.junction.canonical.CanonicalValidator;
import io.junction.canonical.CloudEvent;
import io.junction.canonical.ContactNormalizer;
import io.junction.canonical.Customer;
import io.junction.canonical.EventType;
import io.junction.canonical.FieldError;
import io.junction.platform.bus.EventHeaders;
import io.junction.platform.bus.EventOutbox;
import io.junction.platform.bus.OutgoingEvent;
import io.junction.platform.bus.ProcessedMessages;
import io.junction.platform.failure.ProblemException;
import io.junction.platform.mapping.Mappings;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * An inbound interchange, all or nothing: read and validated ({@link InterchangeReader}), its sender matched to a
 * configured partner, every message mapped (mappings/edi/) and validated against the canonical schemas; only when
 * all of that succeeds is anything applied, in one transaction: orders become {@code order.placed} events in the
 * event outbox, ship notices are merged by the shipment tracker. Any problem rejects the whole interchange (the
 * partner resends it corrected, as EDI partners do), naming the segment, its position and the element.
 * The same interchange again (same sender, control number and content) is applied once.
 */
@Component
public class EdiIntake {

    static final String PROCESSOR = "edi-interchange";

    /** An interchange ready to apply: its key (cause id), the order events with their groups, the shipment reports. */
    public record Received(String partner, String key, List<OutgoingEvent> orders, List<ShipmentReport> reports) {}

    private final InterchangeReader reader;
    private final EdiProperties properties;
    private final Mappings mappings;
    private final CanonicalValidator validator;
    private final ContactNormalizer normalizer;
    private final ShipmentReports shipmentReports;
    private final ShipmentTracker tracker;
    private final ProcessedMessages processed;
    private final EventOutbox outbox;
    private final ObjectMapper json;
    private final Clock clock;

    public EdiIntake(
            InterchangeReader reader,
            EdiProperties properties,
            Mappings mappings,
            CanonicalValidator validator,
            ContactNormalizer normalizer,
            ShipmentReports shipmentReports,
            ShipmentTracker tracker,
            ProcessedMessages processed,
            EventOutbox outbox,
            ObjectMapper json,
            Clock clock) {
        this.reader = reader;
        this.properties = properties;
        this.mappings = mappings;
        this.validator = validator;
        this.normalizer = normalizer;
        this.shipmentReports = shipmentReports;
        this.tracker = tracker;
        this.processed = processed;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    /** Reads, validates and maps an interchange; {@link EdiRejected} naming every problem found. */
    public Received receive(byte[] content) {
        Interchange interchange = reader.read(content);
        String header = interchange.standard() == EdiProperties.Standard.EDIFACT ? "UNB" : "ISA";
        Entry<String, EdiProperties.Partner> partner = properties
                .bySender(interchange.standard(), interchange.sender())
                .orElseThrow(() -> new EdiRejected(List.of(new EdiError(
                        header,
                        1,
                        header.equals("UNB") ? "2.1" : "6",
                        "sender '" + interchange.sender() + "' is no configured " + interchange.standard()
                                + " trading partner"))));
        if (!partner.getValue().ourId().equals(interchange.receiver())) {
            throw new EdiRejected(List.of(new EdiError(
                    header,
                    1,
                    header.equals("UNB") ? "3.1" : "8",
                    "recipient '" + interchange.receiver() + "' is not this hub's id for " + partner.getKey() + " ('"
                            + partner.getValue().ourId() + "')")));
        }
        String key = partner.getKey() + "/" + interchange.controlNumber() + "/" + digest(content);
        String source = partner.getValue().sourceSystem();
        List<EdiError> errors = new ArrayList<>();
        List<OutgoingEvent> orders = new ArrayList<>();
        List<ShipmentReport> reports = new ArrayList<>();
        for (Interchange.Message message : interchange.messages()) {
            EdiMessageKind kind =
                    EdiMessageKind.of(interchange.standard(), message.type()).orElseThrow();
            JsonNode tree = tree(interchange, message);
            String messageId = key + "/" + message.controlRef();
            try {
                if (kind.isOrder()) {
                    orders.add(order(kind, tree, source, partner.getKey(), messageId));
                } else {
                    reports.addAll(shipmentReports
                            .map(kind.mapping(), tree, Map.of("source", source, "deliveryId", messageId))
                            .reports());
                }
            } catch (ProblemException e) {
                String at = "message " + message.controlRef() + " (" + message.type() + ")";
                if (e.errors().isEmpty()) {
                    errors.add(new EdiError(
                            header(interchange), message.firstSegment(), null, at + ": " + e.getMessage()));
                }
                e.errors()
                        .forEach(f -> errors.add(new EdiError(
                                header(interchange),
                                message.firstSegment(),
                                null,
                                at + " maps to " + f.field() + ", which " + f.problem())));
            }
        }
        if (!errors.isEmpty()) {
            throw new EdiRejected(errors);
        }
        return new Received(partner.getKey(), key, orders, reports);
    }

    /** Applies a received interchange once: its events, to publish (on a repeat, those still unpublished). */
    @Transactional
    public List<OutgoingEvent> apply(Received received) {
        if (!processed.claim(PROCESSOR, received.key())) {
            return outbox.unpublished(received.key());
        }
        List<OutgoingEvent> out = new ArrayList<>();
        for (OutgoingEvent order : received.orders()) {
            outbox.add(received.key(), order.event(), order.group()).ifPresent(out::add);
        }
        if (!received.reports().isEmpty()) {
            out.addAll(tracker.apply(received.reports(), received.key()));
        }
        return out;
    }

    private OutgoingEvent order(EdiMessageKind kind, JsonNode tree, String source, String partner, String messageId) {
        JsonNode mapped;
        try {
            mapped = mappings.apply(kind.mapping(), tree, Map.of("source", source));
        } catch (JsltException e) {
            throw new ProblemException(422, "Unprocessable content", "cannot be mapped: " + e.getMessage(), List.of());
        }
        ObjectNode data = (ObjectNode) ContactNormalizer.normalizeEmails(mapped);
        List<FieldError> invalid = validator.validate(EventType.ORDER_PLACED, data);
        if (!invalid.isEmpty()) {
            throw new ProblemException(422, "Unprocessable content", "not a valid order", invalid);
        }
        Customer customer = normalizer.normalize(json.convertValue(data.get("customer"), Customer.class));
        data.set("customer", json.valueToTree(customer));
        String id = UUID.nameUUIDFromBytes(
                        (messageId + "/" + EventType.ORDER_PLACED.type()).getBytes(StandardCharsets.UTF_8))
                .toString();
        CloudEvent event = CloudEvent.of(
                id,
                "/edi/" + partner,
                EventType.ORDER_PLACED,
                "order/" + source + "/" + data.path("sourceOrderId").asText(),
                OffsetDateTime.now(clock),
                data);
        return OutgoingEvent.of(event, EventHeaders.groupOf(customer), json);
    }

    /** What a mapping reads: the envelope, the message's type and reference, and its segments. */
    private JsonNode tree(Interchange interchange, Interchange.Message message) {
        ObjectNode tree = json.createObjectNode();
        tree.put("sender", interchange.sender())
                .put("receiver", interchange.receiver())
                .put("controlNumber", interchange.controlNumber())
                .put("type", message.type())
                .put("controlRef", message.controlRef())
                .set("body", message.body());
        return tree;
    }

    private static String header(Interchange interchange) {
        return interchange.standard() == EdiProperties.Standard.EDIFACT ? "UNH" : "ST";
    }

    private static String digest(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
