package io.junction.adapter.erp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.CanonicalEvents;
import io.junction.canonical.CloudEvent;
import io.junction.canonical.Customer;
import io.junction.canonical.Order;
import io.junction.canonical.OrderLine;
import io.junction.canonical.Orders;
import io.junction.platform.bus.batch.BusMessage;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Hands accepted canonical orders to the ERP through its staging tables: the headers and lines of a batch of order
 * events in one ERP transaction, keyed by the event id so that a redelivered event stages nothing twice, and an order's CREATE
 * and CANCEL are each staged once, whichever events repeat them.
 */
@Component
public class ErpOrderHandoff extends OrderHandoff {

    private final JdbcTemplate erp;
    private final TransactionTemplate erpTransaction;
    private final Clock clock;

    public ErpOrderHandoff(
            CanonicalEvents events,
            ObjectMapper json,
            @Qualifier("erpJdbcTemplate") JdbcTemplate erp,
            @Qualifier("erpTransaction") TransactionTemplate erpTransaction,
            Clock clock) {
        super(events, json);
        this.erp = erp;
        this.erpTransaction = erpTransaction;
        this.clock = clock;
    }

    /**
     * Stages a batch of order events (CloudEvent JSON, as they travel on the bus) in one ERP transaction, which each
     * event's staging joins; what each did, for the log. In a batch, a unique key another hub took in the same moment
     * rolls the whole batch back, and its consumer splits it; a single event then finds that hub's row.
     */
    public List<String> applyAll(List<BusMessage> batch) throws Exception {
        if (batch.size() == 1) {
            return List.of(apply(batch.get(0).text()));
        }
        return erpTransaction.execute(tx -> {
            List<String> done = new ArrayList<>(batch.size());
            for (BusMessage message : batch) {
                try {
                    done.add(apply(message.text()));
                } catch (Exception e) {
                    throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
                }
            }
            return done;
        });
    }

    /** Stages one order event: its rows in one ERP transaction (the batch's, if there is one). */
    @Override
    protected String handOver(CloudEvent event, Order order, String action) {
        String onceKey = Handoff.onceKey(Orders.hubId(order), action);
        try {
            return erpTransaction.execute(tx -> stage(event.id(), action, onceKey, order));
        } catch (DuplicateKeyException e) {
            // another hub staged this event, or this order's CREATE or CANCEL, in the same moment: its row stands
            return "event " + event.id() + " (" + action + " of order " + Orders.hubId(order)
                    + ") already staged by a concurrent hand-off";
        }
    }

    /**
     * The rows of one order event, unless the ERP has had the event already, or the order's CREATE or CANCEL (the
     * staged rows are the order's state as the ERP knows it; their unique keys settle a race in this transaction).
     */
    private String stage(String eventId, String action, String onceKey, Order order) {
        List<String> staged = onceKey == null
                ? erp.queryForList(
                        "select hub_event_id from erp_order_inbox where hub_event_id = ?", String.class, eventId)
                : erp.queryForList(
                        "select hub_event_id from erp_order_inbox where hub_event_id = ? or once_key = ?",
                        String.class,
                        eventId,
                        onceKey);
        if (staged.contains(eventId)) {
            return "event " + eventId + " already staged";
        }
        if (!staged.isEmpty()) {
            return action + " of order " + order.sourceSystem() + "/" + order.sourceOrderId()
                    + " already staged by event " + staged.get(0) + ": event " + eventId
                    + " is no new change for the ERP";
        }
        Customer c = order.customer();
        String name = c.firstName() == null && c.lastName() == null
                ? null
                : ((c.firstName() == null ? "" : c.firstName()) + " " + (c.lastName() == null ? "" : c.lastName()))
                        .trim();
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        erp.update(
                connection -> {
                    PreparedStatement insert = connection.prepareStatement(
                            "insert into erp_order_inbox (hub_event_id, hub_order_id, action, once_key, "
                                    + "source_system, source_order_id, order_number, customer_system, customer_source_id, customer_email, customer_phone, "
                                    + "customer_name, currency, subtotal, tax, shipping, total, placed_at, staged_at) "
                                    + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            new String[] {"inbox_id"});
                    Object[] values = {
                        eventId,
                        Orders.hubId(order),
                        action,
                        onceKey,
                        order.sourceSystem(),
                        order.sourceOrderId(),
                        order.orderNumber(),
                        c.sourceSystem(),
                        c.sourceCustomerId(),
                        c.email(),
                        c.phone(),
                        name,
                        order.currency(),
                        order.subtotal(),
                        order.tax(),
                        order.shipping(),
                        order.total(),
                        order.placedAt(),
                        OffsetDateTime.now(clock)
                    };
                    for (int i = 0; i < values.length; i++) {
                        insert.setObject(i + 1, values[i]);
                    }
                    return insert;
                },
                key);
        long inboxId = key.getKey().longValue();
        List<Object[]> lines = new ArrayList<>();
        for (int i = 0; i < order.lines().size(); i++) {
            OrderLine line = order.lines().get(i);
            lines.add(new Object[] {inboxId, i + 1, line.sku(), line.title(), line.quantity(), line.unitPrice()});
        }
        erp.batchUpdate(
                "insert into erp_order_inbox_line (inbox_id, line_no, sku, title, quantity, unit_price) values (?, ?, ?, ?, ?, ?)",
                lines);
        return action + " of order " + order.sourceSystem() + "/" + order.sourceOrderId() + " staged as ERP inbox row "
                + inboxId;
    }
}
