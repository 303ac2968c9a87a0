package io.junction.service.orders;

import io.junction.adapter.scm.ShipmentTracker;
import io.junction.platform.bus.OutgoingEvent;
import io.junction.platform.bus.batch.BatchApply;
import io.junction.platform.bus.batch.BusMessage;
import io.junction.view.customer.CustomerChange;
import io.junction.view.customer.CustomerViewBatch;
import io.junction.view.customer.CustomerViewUpdater;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * The hub database's one order consumer (queue junction.order.customer-view): each order event, read and validated
 * once, goes into the single customer view and links the shipments that waited for its order, in the batch's database
 * transaction (the route holds it), idempotent on the event id. The view's changes go to the route's fan-out in that
 * transaction; the shipment events the links write go to the outbox with them, and the route publishes them after
 * the commit.
 */
@Component
public class HubOrders {

    private final BatchApply batches;
    private final CustomerViewUpdater view;
    private final ShipmentTracker shipments;

    public HubOrders(BatchApply batches, CustomerViewUpdater view, ShipmentTracker shipments) {
        this.batches = batches;
        this.view = view;
        this.shipments = shipments;
    }

    /** Applies a batch of order events: the shipment events to publish, each once, and the view's changes. */
    public CustomerViewBatch<OutgoingEvent> applyAll(List<BusMessage> batch) throws Exception {
        // by event id: a repeat of an event inside the same batch finds the rows its first copy wrote, unpublished yet
        Map<String, OutgoingEvent> out = new LinkedHashMap<>();
        Consumer<List<OutgoingEvent>> publish =
                events -> events.forEach(e -> out.putIfAbsent(e.event().id(), e));
        List<CustomerChange> changes = new ArrayList<>();
        batches.apply(
                CustomerViewUpdater.PROCESSOR,
                batch,
                event -> {
                    view.applyClaimed(event, changes);
                    if (event.eventType().isOrder()) {
                        publish.accept(shipments.applyOrder(event));
                    }
                    return event;
                },
                event -> {
                    publish.accept(shipments.repeatedOrder(event));
                    return event;
                });
        return new CustomerViewBatch<>(new ArrayList<>(out.values()), changes);
    }
}
