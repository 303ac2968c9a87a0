package io.junction.adapter.erp;

import io.junction.canonical.CloudEvent;
import io.junction.canonical.EventType;

/** What both hand-off modes (staging tables, order API) agree on: which events go to the ERP, and as what. */
public final class Handoff {

    private Handoff() {}

    /** An order event that did not come from the ERP: its own reports come back on the same address, and must not echo. */
    public static boolean isForErp(CloudEvent event) {
        return event.eventType().isOrder()
                && (event.source() == null || !event.source().startsWith(ErpStatusFeed.SOURCE));
    }

    /**
     * The key of an action an order gets at most once (its CREATE, its CANCEL), null for an UPDATE: a duplicate of
     * either under another event id is no new change for the ERP.
     */
    public static String onceKey(String hubOrderId, String action) {
        return action.equals("UPDATE") ? null : hubOrderId + "/" + action;
    }

    public static String action(EventType type) {
        return switch (type) {
            case ORDER_PLACED -> "CREATE";
            case ORDER_CANCELLED -> "CANCEL";
            default -> "UPDATE";
        };
    }
}
