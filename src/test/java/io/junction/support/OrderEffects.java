package io.junction.support;

/**
 * What an accepted storefront order message must leave behind, each exactly once, counted by its event id (the id the
 * webhook's 202 answered): shared by the suites that count effects message by message.
 */
public enum OrderEffects {

    /** Hub database: the customer view processed the event. */
    CUSTOMER_VIEW("processed_message", "message_id", "processor = 'customer-view' and "),
    /** Hub database: the order's status history has the event's entry. */
    STATUS_HISTORY("order_status_history", "event_id", ""),
    /** ERP database: the staging row handed to the ERP. */
    ERP_STAGING("erp_order_inbox", "hub_event_id", "");

    private final String table;
    private final String eventIdColumn;
    private final String condition;

    OrderEffects(String table, String eventIdColumn, String condition) {
        this.table = table;
        this.eventIdColumn = eventIdColumn;
        this.condition = condition;
    }

    /** The rows of one event id (its parameter). */
    public String countSql() {
        return "select count(*) from " + table + " where " + condition + eventIdColumn + " = ?";
    }

    /** Event id and row count for many event ids at once, given as one array parameter (PostgreSQL). */
    public String countPerEventSql() {
        return "select " + eventIdColumn + ", count(*) from " + table + " where " + condition + eventIdColumn
                + " = any (?) group by " + eventIdColumn;
    }

    /** In the ERP's database rather than the hub's. */
    public boolean inErpDatabase() {
        return this == ERP_STAGING;
    }
}
