package io.junction.adapter.scm;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.adapter.scm.ShipmentStore.Row;
import io.junction.canonical.Checkpoint;
import io.junction.canonical.CloudEvent;
import io.junction.canonical.EventType;
import io.junction.canonical.Order;
import io.junction.canonical.Orders;
import io.junction.canonical.Shipment;
import io.junction.canonical.ShipmentStatus;
import io.junction.platform.bus.EventOutbox;
import io.junction.platform.bus.OutgoingEvent;
import io.junction.platform.bus.ProcessedMessages;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Merges shipment reports into one shipment each, links shipments to orders, and writes the events that announce
 * what changed: {@code shipment.updated} for every change, {@code shipment.exception} for a new exception and
 * {@code shipment.delivered} once the shipment is delivered and linked. One transaction per cause (a webhook, a batch
 * of file lines, a poll answer; an order event in its consumer's), idempotent on the cause's id.
 */
@Component
public class ShipmentTracker {

    static final String REPORTS = "scm-reports";

    private final ProcessedMessages processed;
    private final ShipmentStore store;
    private final ShipmentEvents shipmentEvents;
    private final EventOutbox outbox;
    private final ObjectMapper json;
    private final Duration linkWait;
    private final Clock clock;

    public ShipmentTracker(
            ProcessedMessages processed,
            ShipmentStore store,
            ShipmentEvents shipmentEvents,
            EventOutbox outbox,
            ObjectMapper json,
            @Value("${junction.shipments.link-wait:P7D}") Duration linkWait,
            Clock clock) {
        this.processed = processed;
        this.store = store;
        this.shipmentEvents = shipmentEvents;
        this.outbox = outbox;
        this.json = json;
        this.linkWait = linkWait;
        this.clock = clock;
    }

    /** Applies reports from one cause; the events to publish (on a repeated cause, those still unpublished). */
    @Transactional
    public List<OutgoingEvent> apply(List<ShipmentReport> reports, String causeId) {
        if (!processed.claim(REPORTS, causeId)) {
            return outbox.unpublished(causeId);
        }
        OffsetDateTime now = now();
        Set<String> changed = new LinkedHashSet<>();
        for (ShipmentReport report : reports) {
            merge(report, now).ifPresent(changed::add);
        }
        List<OutgoingEvent> out = new ArrayList<>();
        for (String id : changed) {
            settle(id, now);
            out.addAll(announce(id, causeId, now));
        }
        return out;
    }

    /**
     * An order event, claimed by the hub's order consumer in its transaction (HubOrders): remembered, and every
     * shipment that waited for this order is linked to it now; the events to publish.
     */
    public List<OutgoingEvent> applyOrder(CloudEvent event) throws Exception {
        OffsetDateTime now = now();
        Order order = json.treeToValue(event.data(), Order.class);
        String hubOrderId = Orders.hubId(order);
        store.rememberOrder(hubOrderId, order, now);
        List<OutgoingEvent> out = new ArrayList<>();
        for (Row waiting : store.waitingFor(hubOrderId)) {
            store.update(ShipmentStore.linked(waiting, hubOrderId), now);
            out.addAll(announce(waiting.id(), event.id(), now));
        }
        return out;
    }

    /** What a repeated order event still owes the bus (a crash after its commit, before its events were sent). */
    public List<OutgoingEvent> repeatedOrder(CloudEvent event) {
        return outbox.unpublished(event.id());
    }

    /** Links a waiting shipment to its order (the sweep's second chance); the events to publish. */
    @Transactional
    public List<OutgoingEvent> link(String shipmentId, String hubOrderId) {
        Optional<Row> row = store.byId(shipmentId).filter(r -> ShipmentStore.WAITING.equals(r.linkState()));
        if (row.isEmpty()) {
            return List.of();
        }
        OffsetDateTime now = now();
        store.update(ShipmentStore.linked(row.get(), hubOrderId), now);
        return announce(shipmentId, "link/" + shipmentId + "/" + hubOrderId, now);
    }

    /** Merges one report's values, checkpoints and lines; the shipment's id when something changed. */
    private Optional<String> merge(ShipmentReport report, OffsetDateTime now) {
        Optional<Row> found = store.find(report.shipmentRef(), report.trackingNumber());
        Row before = found.orElseGet(() -> new Row(
                UUID.randomUUID().toString(),
                null,
                null,
                null,
                null,
                null,
                ShipmentStore.WAITING,
                now.plus(linkWait),
                null,
                null,
                null,
                null,
                null,
                now));
        Row row = ShipmentStore.merge(before, report);
        boolean changed = found.isEmpty() || ShipmentStore.differs(before, row);
        if (found.isEmpty()) {
            store.insert(row, now);
        } else if (changed) {
            store.update(row, now);
        }
        for (Checkpoint checkpoint : report.checkpoints()) {
            changed |= store.addCheckpoint(row.id(), checkpoint, report.source(), now);
        }
        changed |= store.replaceLines(row.id(), report.lines());
        return changed ? Optional.of(row.id()) : Optional.empty();
    }

    /** Once per changed shipment and cause: status from the history, and the link to its order if it can be made now. */
    private void settle(String shipmentId, OffsetDateTime now) {
        Row row = ShipmentStore.withHistory(store.byId(shipmentId).orElseThrow(), store.latest(shipmentId));
        if (row.orderId() == null && ShipmentStore.WAITING.equals(row.linkState())) {
            Optional<String> order = store.orderFor(row);
            if (order.isPresent()) {
                row = ShipmentStore.linked(row, order.get());
            }
        }
        store.update(row, now);
    }

    /** The events for a changed shipment; delivered and exception events are keyed so each is written once. */
    private List<OutgoingEvent> announce(String shipmentId, String causeId, OffsetDateTime now) {
        Shipment shipment = store.document(shipmentId, now);
        List<OutgoingEvent> out = new ArrayList<>();
        shipmentEvents
                .add(causeId, EventType.SHIPMENT_UPDATED, "updated/" + causeId, shipment, now)
                .ifPresent(out::add);
        if (shipment.status() == ShipmentStatus.EXCEPTION) {
            OffsetDateTime at = store.latest(shipmentId).statusAt();
            shipmentEvents
                    .add(causeId, EventType.SHIPMENT_EXCEPTION, "exception/" + at.toInstant(), shipment, now)
                    .ifPresent(out::add);
        }
        if (shipment.status() == ShipmentStatus.DELIVERED && shipment.order() != null) {
            shipmentEvents
                    .add(
                            causeId,
                            EventType.SHIPMENT_DELIVERED,
                            "delivered/"
                                    + Orders.hubId(
                                            shipment.order().sourceSystem(),
                                            shipment.order().sourceOrderId()),
                            shipment,
                            now)
                    .ifPresent(out::add);
        }
        return out;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
