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
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.BatchPreparedStatementSetter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
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
     * Stages a batch of order events (CloudEvent JSON, as they travel on the bus) in one ERP transaction, with one
     * look-up of what the ERP has and one batched insert each for the headers and the lines; what each did, for the
     * log. In a batch, a unique key another hub took in the same moment rolls the whole batch back, and its consumer
     * splits it; a single event then finds that hub's row.
     */
    public List<String> applyAll(List<BusMessage> batch) throws Exception {
        if (batch.size() == 1) {
            return List.of(apply(batch.get(0).text()));
        }
        List<Handover> read = new ArrayList<>(batch.size());
        for (BusMessage message : batch) {
            read.add(read(message.text()));
        }
        return erpTransaction.execute(tx -> stage(read));
    }

    /** Stages one order event in an ERP transaction of its own. */
    @Override
    protected String handOver(CloudEvent event, Order order, String action) {
        try {
            return erpTransaction
                    .execute(tx -> stage(List.of(new Handover(event, order, action))))
                    .get(0);
        } catch (DuplicateKeyException e) {
            // another hub staged this event, or this order's CREATE or CANCEL, in the same moment: its row stands
            return "event " + event.id() + " (" + action + " of order " + Orders.hubId(order)
                    + ") already staged by a concurrent hand-off";
        }
    }

    /**
     * The rows of each order event, unless the ERP has had the event already, or the order's CREATE or CANCEL, before
     * or earlier in the batch (the staged rows are the order's state as the ERP knows it; their unique keys settle a
     * race with another hub in this transaction).
     */
    private List<String> stage(List<Handover> batch) {
        Seen seen = seenBefore(batch);
        String[] done = new String[batch.size()];
        List<Integer> fresh = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            Handover handover = batch.get(i);
            if (!handover.isForErp()) {
                done[i] = handover.notForErp();
                continue;
            }
            String eventId = handover.event().id();
            String onceKey = handover.onceKey();
            if (seen.events().contains(eventId)) {
                done[i] = "event " + eventId + " already staged";
            } else if (onceKey != null && seen.once().containsKey(onceKey)) {
                done[i] = handover.action() + " of order " + orderName(handover.order()) + " already staged by event "
                        + seen.once().get(onceKey) + ": event " + eventId + " is no new change for the ERP";
            } else {
                seen.events().add(eventId);
                if (onceKey != null) {
                    seen.once().put(onceKey, eventId);
                }
                fresh.add(i);
            }
        }
        if (!fresh.isEmpty()) {
            List<Handover> rows = fresh.stream().map(batch::get).toList();
            List<Long> inboxIds = insertHeaders(rows);
            insertLines(rows, inboxIds);
            for (int k = 0; k < rows.size(); k++) {
                done[fresh.get(k)] = rows.get(k).action() + " of order "
                        + orderName(rows.get(k).order()) + " staged as ERP inbox row " + inboxIds.get(k);
            }
        }
        return Arrays.asList(done);
    }

    /**
     * The event ids and once keys staged so far, the latter with the event that staged them: what the ERP had before
     * the batch, then what the batch adds as it goes.
     */
    private record Seen(Set<String> events, Map<String, String> once) {}

    /** One look-up for the whole batch, its text the same for every batch (arrays, not a list of placeholders). */
    private Seen seenBefore(List<Handover> batch) {
        Seen seen = new Seen(new HashSet<>(), new HashMap<>());
        List<String> eventIds = new ArrayList<>();
        List<String> onceKeys = new ArrayList<>();
        for (Handover handover : batch) {
            if (handover.isForErp()) {
                eventIds.add(handover.event().id());
                String onceKey = handover.onceKey();
                if (onceKey != null) {
                    onceKeys.add(onceKey);
                }
            }
        }
        if (eventIds.isEmpty()) {
            return seen;
        }
        erp.query(
                connection -> {
                    PreparedStatement select = connection.prepareStatement(
                            "select hub_event_id, once_key from erp_order_inbox where hub_event_id = any(?) or once_key = any(?)");
                    select.setArray(1, connection.createArrayOf("varchar", eventIds.toArray()));
                    select.setArray(2, connection.createArrayOf("varchar", onceKeys.toArray()));
                    return select;
                },
                (RowCallbackHandler) rs -> {
                    seen.events().add(rs.getString(1));
                    if (rs.getString(2) != null) {
                        seen.once().put(rs.getString(2), rs.getString(1));
                    }
                });
        return seen;
    }

    private static String orderName(Order order) {
        return order.sourceSystem() + "/" + order.sourceOrderId();
    }

    /** The staged headers, in one JDBC batch; their inbox ids, in the same order. */
    private List<Long> insertHeaders(List<Handover> rows) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        erp.batchUpdate(
                connection -> connection.prepareStatement(
                        "insert into erp_order_inbox (hub_event_id, hub_order_id, action, once_key, "
                                + "source_system, source_order_id, order_number, customer_system, customer_source_id, customer_email, customer_phone, "
                                + "customer_name, currency, subtotal, tax, shipping, total, placed_at, staged_at) "
                                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        new String[] {"inbox_id"}),
                new BatchPreparedStatementSetter() {
                    @Override
                    public void setValues(PreparedStatement insert, int i) throws SQLException {
                        Object[] values = headerValues(rows.get(i), now);
                        for (int column = 0; column < values.length; column++) {
                            insert.setObject(column + 1, values[column]);
                        }
                    }

                    @Override
                    public int getBatchSize() {
                        return rows.size();
                    }
                },
                keys);
        List<Long> inboxIds = new ArrayList<>(rows.size());
        for (Map<String, Object> key : keys.getKeyList()) {
            inboxIds.add(((Number) key.get("inbox_id")).longValue());
        }
        if (inboxIds.size() != rows.size()) {
            throw new IllegalStateException(
                    "the ERP database returned " + inboxIds.size() + " inbox ids for " + rows.size() + " rows");
        }
        return inboxIds;
    }

    private static Object[] headerValues(Handover handover, OffsetDateTime now) {
        Order order = handover.order();
        Customer c = order.customer();
        String name = c.firstName() == null && c.lastName() == null
                ? null
                : ((c.firstName() == null ? "" : c.firstName()) + " " + (c.lastName() == null ? "" : c.lastName()))
                        .trim();
        return new Object[] {
            handover.event().id(),
            Orders.hubId(order),
            handover.action(),
            handover.onceKey(),
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
            now
        };
    }

    /** Every line of the staged orders, in one JDBC batch. */
    private void insertLines(List<Handover> rows, List<Long> inboxIds) {
        List<Object[]> lines = new ArrayList<>();
        for (int k = 0; k < rows.size(); k++) {
            List<OrderLine> orderLines = rows.get(k).order().lines();
            for (int i = 0; i < orderLines.size(); i++) {
                OrderLine line = orderLines.get(i);
                lines.add(new Object[] {
                    inboxIds.get(k), i + 1, line.sku(), line.title(), line.quantity(), line.unitPrice()
                });
            }
        }
        erp.batchUpdate(
                "insert into erp_order_inbox_line (inbox_id, line_no, sku, title, quantity, unit_price) values (?, ?, ?, ?, ?, ?)",
                lines);
    }
}
