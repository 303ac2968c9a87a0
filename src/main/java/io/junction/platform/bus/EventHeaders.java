package io.junction.platform.bus;

import io.junction.canonical.CloudEvent;
import io.junction.canonical.Customer;
import io.junction.canonical.EventType;
import org.apache.camel.Message;

/** Message headers Junction sets on the bus. */
public final class EventHeaders {

    /** Artemis message groups: one customer's events are consumed in order by one consumer at a time. */
    public static final String GROUP_ID = "JMSXGroupID";
    /** Artemis duplicate detection: a second send with the same id (a storefront retry) is dropped by the broker. */
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    /** The canonical event family, which picks the bus address. */
    public static final String FAMILY = "JunctionEventFamily";

    public static final String EVENT_ID = "JunctionEventId";
    public static final String EVENT_TYPE = "JunctionEventType";

    public static final String DEAD_LETTER_REASON = "JunctionDeadLetterReason";
    public static final String DEAD_LETTER_EXCEPTION = "JunctionDeadLetterException";
    public static final String DEAD_LETTER_ROUTE = "JunctionDeadLetterRoute";
    public static final String DEAD_LETTER_QUEUE = "JunctionDeadLetterQueue";
    public static final String ORIGINAL_QUEUE = "JunctionOriginalQueue";
    /** The inbound delivery id (or the event id) that follows a message through every route: ops.Correlation. */
    public static final String CORRELATION_ID = "JunctionCorrelationId";

    private EventHeaders() {}

    /**
     * The message group: the strongest identity the customer has before matching (the same keys matching tries
     * first), so one person's events from every shop are consumed in order.
     */
    public static String groupOf(Customer customer) {
        if (customer.email() != null) {
            return "email:" + customer.email();
        }
        if (customer.phone() != null) {
            return "phone:" + customer.phone();
        }
        return customer.sourceSystem() + ":" + customer.sourceCustomerId();
    }

    /**
     * Replaces the message's headers with the bus headers of a canonical event; the body is the caller's. The
     * correlation id of the exchange (its inbound delivery id) goes along, else the event id starts one.
     */
    public static void stamp(Message message, CloudEvent event, String group) {
        EventType type = event.eventType();
        String correlation = message.getExchange().getProperty(CORRELATION_ID, String.class);
        message.getHeaders().clear();
        message.setHeader(CORRELATION_ID, correlation == null ? event.id() : correlation);
        message.setHeader(EVENT_ID, event.id());
        message.setHeader(EVENT_TYPE, event.type());
        message.setHeader(FAMILY, type.family());
        message.setHeader(DUPLICATE_ID, event.id());
        message.setHeader(GROUP_ID, group);
    }
}
