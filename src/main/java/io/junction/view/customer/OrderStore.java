package io.junction.view.customer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.Order;
import io.junction.canonical.OrderLine;
import io.junction.canonical.OrderStatus;
import io.junction.canonical.PaymentStatus;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Orders as last known, their lines and their status history. */
@Component
public class OrderStore {

    /** What the status rules need of a stored order. */
    public record Known(String id, OrderStatus status, OffsetDateTime sourceUpdatedAt, PaymentStatus paymentStatus) {}

    /** A stored order as a canonical order (without its buyer), and whose it is: what the fan-out hears of a move. */
    public record Stored(String customerId, Order order) {}

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public OrderStore(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Optional<Known> find(String system, String sourceOrderId) {
        return jdbc
                .query(
                        "select id, status, source_updated_at, payment_status from customer_order where source_system = ? and source_order_id = ?",
                        (rs, n) -> new Known(
                                rs.getString(1),
                                OrderStatus.valueOf(rs.getString(2)),
                                rs.getObject(3, OffsetDateTime.class),
                                rs.getString(4) == null ? null : PaymentStatus.valueOf(rs.getString(4))),
                        system,
                        sourceOrderId)
                .stream()
                .findFirst();
    }

    public Stored stored(String id) {
        return jdbc.queryForObject(
                "select customer_id, source_system, source_order_id, order_number, status, payment_status, currency, "
                        + "subtotal, tax, shipping, total, placed_at, source_updated_at from customer_order where id = ?",
                (rs, n) -> new Stored(
                        rs.getString(1),
                        new Order(
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                OrderStatus.valueOf(rs.getString(5)),
                                rs.getString(6) == null ? null : PaymentStatus.valueOf(rs.getString(6)),
                                rs.getString(7),
                                List.of(),
                                money(rs.getBigDecimal(8)),
                                money(rs.getBigDecimal(9)),
                                money(rs.getBigDecimal(10)),
                                money(rs.getBigDecimal(11)),
                                rs.getObject(12, OffsetDateTime.class),
                                rs.getObject(13, OffsetDateTime.class),
                                null,
                                null,
                                null,
                                null,
                                null)),
                id);
    }

    public void insert(String id, String customerId, Order order, OffsetDateTime now) {
        jdbc.update(
                "insert into customer_order (id, source_system, source_order_id, order_number, customer_id, status, payment_status, "
                        + "currency, subtotal, tax, shipping, total, placed_at, source_updated_at, created_at, updated_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                id,
                order.sourceSystem(),
                order.sourceOrderId(),
                order.orderNumber(),
                customerId,
                order.status().name(),
                name(order.paymentStatus()),
                order.currency(),
                order.subtotal(),
                order.tax(),
                order.shipping(),
                order.total(),
                order.placedAt(),
                order.sourceTime(),
                now,
                now);
        insertLines(id, order.lines());
    }

    /** Replaces what the source reports (lines, totals, payment) and sets the status the rules decided on. */
    public void update(String id, String customerId, Order order, OrderStatus status, OffsetDateTime now) {
        jdbc.update(
                "update customer_order set order_number = coalesce(?, order_number), customer_id = ?, status = ?, "
                        + "payment_status = coalesce(?, payment_status), currency = ?, subtotal = ?, tax = ?, shipping = ?, total = ?, "
                        + "placed_at = coalesce(?, placed_at), source_updated_at = ?, updated_at = ? where id = ?",
                order.orderNumber(),
                customerId,
                status.name(),
                name(order.paymentStatus()),
                order.currency(),
                order.subtotal(),
                order.tax(),
                order.shipping(),
                order.total(),
                order.placedAt(),
                order.sourceTime(),
                now,
                id);
        jdbc.update("delete from order_line where order_id = ?", id);
        insertLines(id, order.lines());
    }

    /** Sets the status alone (a shipment's delivery), leaving what the order's source reported as it was. */
    public void moveTo(String id, OrderStatus status, OffsetDateTime now) {
        jdbc.update("update customer_order set status = ?, updated_at = ? where id = ?", status.name(), now, id);
    }

    public void recordStatus(
            String orderId,
            OrderStatus status,
            OrderStatus previous,
            boolean applied,
            String note,
            String eventId,
            OffsetDateTime sourceTime,
            OffsetDateTime now) {
        jdbc.update(
                "insert into order_status_history (order_id, status, previous_status, applied, note, event_id, source_time, recorded_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?)",
                orderId,
                status.name(),
                name(previous),
                applied,
                note,
                eventId,
                sourceTime,
                now);
    }

    /** A customer's orders, newest first, each with its lines and history (three queries, whatever the count). */
    public List<OrderDocument> forCustomer(String customerId) {
        Map<String, List<OrderLine>> lines = new HashMap<>();
        jdbc.query(
                "select l.order_id, l.sku, l.title, l.quantity, l.unit_price from order_line l join customer_order o on o.id = l.order_id "
                        + "where o.customer_id = ? order by l.order_id, l.line_no",
                rs -> {
                    lines.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new OrderLine(
                                    rs.getString(2), rs.getString(3), rs.getInt(4), money(rs.getBigDecimal(5))));
                },
                customerId);
        Map<String, List<OrderDocument.StatusChange>> history = new HashMap<>();
        jdbc.query(
                "select h.order_id, h.status, h.previous_status, h.applied, h.note, h.event_id, h.source_time, h.recorded_at "
                        + "from order_status_history h join customer_order o on o.id = h.order_id where o.customer_id = ? order by h.id",
                rs -> {
                    history.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new OrderDocument.StatusChange(
                                    rs.getString(2),
                                    rs.getString(3),
                                    rs.getBoolean(4),
                                    rs.getString(5),
                                    rs.getString(6),
                                    rs.getObject(7, OffsetDateTime.class),
                                    rs.getObject(8, OffsetDateTime.class)));
                },
                customerId);
        Map<String, List<JsonNode>> shipments = new HashMap<>();
        jdbc.query(
                "select o.id, s.document from order_shipment s join customer_order o on o.source_system = s.source_system "
                        + "and o.source_order_id = s.source_order_id where o.customer_id = ? order by s.shipment_id",
                rs -> {
                    shipments
                            .computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(readTree(rs.getString(2)));
                },
                customerId);
        return jdbc.query(
                "select id, source_system, source_order_id, order_number, status, payment_status, currency, subtotal, tax, "
                        + "shipping, total, placed_at, updated_at from customer_order where customer_id = ? order by placed_at desc, id",
                (rs, n) -> new OrderDocument(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getString(7),
                        money(rs.getBigDecimal(8)),
                        money(rs.getBigDecimal(9)),
                        money(rs.getBigDecimal(10)),
                        money(rs.getBigDecimal(11)),
                        rs.getObject(12, OffsetDateTime.class),
                        rs.getObject(13, OffsetDateTime.class),
                        lines.getOrDefault(rs.getString(1), List.of()),
                        history.getOrDefault(rs.getString(1), List.of()),
                        shipments.getOrDefault(rs.getString(1), List.of())),
                customerId);
    }

    private JsonNode readTree(String document) {
        try {
            return json.readTree(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable shipment document", e);
        }
    }

    private void insertLines(String orderId, List<OrderLine> lines) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            OrderLine l = lines.get(i);
            rows.add(new Object[] {orderId, i + 1, l.sku(), l.title(), l.quantity(), l.unitPrice()});
        }
        jdbc.batchUpdate(
                "insert into order_line (order_id, line_no, sku, title, quantity, unit_price) values (?, ?, ?, ?, ?, ?)",
                rows);
    }

    /** 19.9000 → 19.9 and 200.0000 → 200 (never 2E+2): amounts read back as they were sent. */
    private static BigDecimal money(BigDecimal value) {
        if (value == null) {
            return null;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }
}
