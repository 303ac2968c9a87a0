package io.junction.adapter.erp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.CanonicalEvents;
import io.junction.canonical.CloudEvent;
import io.junction.canonical.Order;
import io.junction.canonical.Orders;

/**
 * Hands one order event to the ERP, the way a mode does it (staging tables, ERPNext's API): idempotent, so a
 * redelivered event has no second effect. Events the ERP caused itself are not handed back. A mode throws a
 * ProblemException for an order the ERP refuses for good (dead-lettered with its reason), anything else for a failure
 * worth retrying.
 */
public abstract class OrderHandoff {

    private final CanonicalEvents events;
    private final ObjectMapper json;

    protected OrderHandoff(CanonicalEvents events, ObjectMapper json) {
        this.events = events;
        this.json = json;
    }

    /** Hands over one order event (CloudEvent JSON, as it travels on the bus); what it did, for the log. */
    public final String apply(String cloudEvent) throws Exception {
        Handover handover = read(cloudEvent);
        return handover.isForErp()
                ? handOver(handover.event(), handover.order(), handover.action())
                : handover.notForErp();
    }

    /** Reads and validates one order event (CloudEvent JSON), and what the ERP gets of it. */
    protected final Handover read(String cloudEvent) throws Exception {
        CloudEvent event = events.read(cloudEvent);
        return Handoff.isForErp(event)
                ? new Handover(event, json.treeToValue(event.data(), Order.class), Handoff.action(event.eventType()))
                : new Handover(event, null, null);
    }

    /** An order event as the ERP gets it: its order and the action (CREATE, UPDATE or CANCEL); neither when not for it. */
    protected record Handover(CloudEvent event, Order order, String action) {

        boolean isForErp() {
            return action != null;
        }

        /** The once key of the order's CREATE or CANCEL, null for an UPDATE (see {@link Handoff#onceKey}). */
        String onceKey() {
            return Handoff.onceKey(Orders.hubId(order), action);
        }

        String notForErp() {
            return event.type() + " " + event.id() + " from " + event.source() + " is not for the ERP";
        }
    }

    /** Hands over the event's order; {@code action} is CREATE, UPDATE or CANCEL. */
    protected abstract String handOver(CloudEvent event, Order order, String action) throws Exception;
}
