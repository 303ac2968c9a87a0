package io.junction.adapter.erp.erpnext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.adapter.erp.ErpStatusMap;
import io.junction.adapter.scm.ShipmentReport;
import io.junction.adapter.scm.ShipmentStatusMap;
import io.junction.adapter.scm.ShipmentTracker;
import io.junction.canonical.Checkpoint;
import io.junction.canonical.CloudEvent;
import io.junction.canonical.EventType;
import io.junction.canonical.Order;
import io.junction.canonical.Shipment;
import io.junction.canonical.ShipmentStatus;
import io.junction.platform.bus.EventHeaders;
import io.junction.platform.bus.EventOutbox;
import io.junction.platform.bus.OutgoingEvent;
import io.junction.platform.failure.ProblemException;
import io.junction.platform.home.HubFiles;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What ERPNext reports on the orders the hub handed it. Sales Orders modified since the watermark: each status
 * through mappings/erp/erpnext/status-map.csv to an {@code order.updated}, written to the event outbox with the
 * watermark in one hub transaction; its id derives from the Sales Order and the canonical status, so a status read
 * twice (the watermark's own document, two hubs) is one event. Submitted Delivery Notes: a shipment report each
 * (reference the Delivery Note, tracking number {@code lr_no}, carrier the transporter), merged by the shipment tracker
 * once per Delivery Note and modification. Sales Orders the hub did not hand over are not its business and are passed.
 */
@Component
public class ErpNextStatusFeed {

    static final String ORDERS = "erpnext-sales-orders";
    static final String DELIVERIES = "erpnext-delivery-notes";
    /** Below the ERP's source, so the hand-off never echoes ERPNext's own reports back to it. */
    static final String SOURCE = "/erp/erpnext";

    static final String DELIVERY_NOTE = "Delivery Note";

    private static final Logger log = LoggerFactory.getLogger(ErpNextStatusFeed.class);

    private final ErpNextFeeds feeds;
    private final ErpNextClient client;
    private final ErpNextOrderStore store;
    private final EventOutbox outbox;
    private final ShipmentTracker tracker;
    private final ShipmentStatusMap shipmentStatuses;
    private final ErpStatusMap statusMap;
    private final TransactionTemplate hubTransaction;
    private final ObjectMapper json;

    public ErpNextStatusFeed(
            ErpNextFeeds feeds,
            ErpNextClient client,
            ErpNextOrderStore store,
            EventOutbox outbox,
            ShipmentTracker tracker,
            ShipmentStatusMap shipmentStatuses,
            TransactionTemplate hubTransaction,
            ObjectMapper json,
            HubFiles files) {
        this.feeds = feeds;
        this.client = client;
        this.store = store;
        this.outbox = outbox;
        this.tracker = tracker;
        this.shipmentStatuses = shipmentStatuses;
        this.statusMap = new ErpStatusMap(files, "erp/erpnext/status-map.csv");
        this.hubTransaction = hubTransaction;
        this.json = json;
    }

    /** One poll of Sales Orders: the order.updated events to publish (written to the outbox already). */
    public List<OutgoingEvent> orders() {
        Optional<List<JsonNode>> page = feeds.page(
                ORDERS, ErpNextOrders.DOCTYPE, List.of("name", "status", "docstatus", "modified"), List.of());
        if (page.isEmpty()) {
            return List.of();
        }
        return hubTransaction.execute(tx -> {
            List<OutgoingEvent> out = new ArrayList<>();
            for (JsonNode doc : page.get()) {
                String name = doc.path("name").asText();
                store.bySalesOrder(name)
                        .flatMap(handed -> statusEvent(handed, doc)
                                .flatMap(event -> outbox.add(
                                        "erpnext/" + name,
                                        event,
                                        EventHeaders.groupOf(handed.order().customer()))))
                        .ifPresent(out::add);
            }
            feeds.advance(ORDERS, page.get());
            return out;
        });
    }

    /** One poll of submitted Delivery Notes: the shipment events to publish (written to the outbox already). */
    public List<OutgoingEvent> deliveries() {
        Optional<List<JsonNode>> page = feeds.page(
                DELIVERIES,
                DELIVERY_NOTE,
                List.of("name", "docstatus", "modified"),
                List.of(List.of("docstatus", "=", 1)));
        if (page.isEmpty()) {
            return List.of();
        }
        List<OutgoingEvent> out = new ArrayList<>();
        for (JsonNode listed : page.get()) {
            JsonNode note = client.get(DELIVERY_NOTE, listed.path("name").asText());
            shipmentReport(note)
                    .ifPresent(report -> out.addAll(tracker.apply(
                            List.of(report),
                            "erpnext-dn/" + note.path("name").asText() + "/"
                                    + note.path("modified").asText())));
        }
        hubTransaction.executeWithoutResult(tx -> feeds.advance(DELIVERIES, page.get()));
        return out;
    }

    private Optional<CloudEvent> statusEvent(ErpNextOrderStore.Handed handed, JsonNode doc) {
        String status = doc.path("status").asText();
        ErpStatusMap.Meaning meaning;
        try {
            meaning = statusMap.meaning(status);
        } catch (ProblemException unknown) {
            log.warn(
                    "Sales Order {} (order {}): {}; not reported",
                    doc.path("name").asText(),
                    handed.hubOrderId(),
                    unknown.getMessage());
            return Optional.empty();
        }
        if (meaning.status() == null) {
            return Optional.empty();
        }
        OffsetDateTime at = feeds.watermarks().parse(doc.path("modified").asText());
        Order order = handed.order();
        Order reported = order.reported(
                meaning.status(), at, "ERPNext Sales Order " + handed.salesOrder() + ": " + status, null);
        String id = UUID.nameUUIDFromBytes(("erpnext/Sales Order/" + handed.salesOrder() + "/" + meaning.status())
                        .getBytes(StandardCharsets.UTF_8))
                .toString();
        return Optional.of(CloudEvent.of(
                id,
                SOURCE,
                EventType.ORDER_UPDATED,
                "order/" + order.sourceSystem() + "/" + order.sourceOrderId(),
                at,
                json.valueToTree(reported)));
    }

    /** A Delivery Note as a shipment report about the first of its Sales Orders the hub handed over. */
    private Optional<ShipmentReport> shipmentReport(JsonNode note) {
        Set<String> salesOrders = new LinkedHashSet<>();
        List<Shipment.Line> lines = new ArrayList<>();
        for (JsonNode item : note.path("items")) {
            if (item.hasNonNull("against_sales_order")) {
                salesOrders.add(item.get("against_sales_order").asText());
            }
            lines.add(new Shipment.Line(
                    item.path("item_code").asText(), item.path("qty").asInt()));
        }
        Optional<ErpNextOrderStore.Handed> handed = salesOrders.stream()
                .map(store::bySalesOrder)
                .flatMap(Optional::stream)
                .findFirst();
        if (handed.isEmpty()) {
            return Optional.empty();
        }
        String status = note.path("status").asText();
        Optional<ShipmentStatus> canonical = shipmentStatuses.status("erpnext", status);
        Checkpoint shipped = new Checkpoint(
                postedAt(note),
                status,
                canonical.orElse(null),
                canonical.isPresent(),
                "ERPNext Delivery Note " + note.path("name").asText() + " submitted",
                text(note, "set_warehouse"));
        String carrier =
                text(note, "transporter_name") != null ? text(note, "transporter_name") : text(note, "transporter");
        return Optional.of(new ShipmentReport(
                "erpnext",
                note.path("name").asText(),
                carrier,
                text(note, "lr_no"),
                handed.get().hubOrderId(),
                null,
                null,
                lines,
                List.of(shipped)));
    }

    /** When the goods left: the posting date and time, or (a time ERPNext wrote unpadded, "9:05:00") the last change. */
    private OffsetDateTime postedAt(JsonNode note) {
        try {
            return feeds.watermarks()
                    .parse(note.path("posting_date").asText() + " "
                            + note.path("posting_time").asText());
        } catch (DateTimeParseException e) {
            return feeds.watermarks().parse(note.path("modified").asText());
        }
    }

    private static String text(JsonNode doc, String field) {
        String value = doc.path(field).asText(null);
        return value == null || value.isBlank() ? null : value;
    }
}
