package io.junction.adapter.scm;

import io.junction.canonical.Checkpoint;
import io.junction.canonical.Order;
import io.junction.canonical.Shipment;
import io.junction.canonical.ShipmentStatus;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/** Shipments as last known, their checkpoint history and lines, and the orders the SCM adapter can link them to. */
@Component
public class ShipmentStore {

    /** Link states: waiting for its order (until the deadline), linked, or given up on. */
    static final String WAITING = "WAITING";

    static final String LINKED = "LINKED";
    static final String ORPHANED = "ORPHANED";

    /** One shipment row. */
    public record Row(
            String id,
            String shipmentRef,
            String carrier,
            String trackingNumber,
            String orderRef,
            String orderId,
            String linkState,
            OffsetDateTime linkDeadline,
            ShipmentStatus status,
            LocalDate promisedDate,
            LocalDate estimatedDelivery,
            OffsetDateTime deliveredAt,
            OffsetDateTime lastCheckpointAt,
            OffsetDateTime createdAt) {}

    /** What the checkpoint history says now: the latest known status, the latest checkpoint, and when it was delivered. */
    public record Latest(
            ShipmentStatus status,
            OffsetDateTime statusAt,
            OffsetDateTime lastCheckpointAt,
            OffsetDateTime deliveredAt) {}

    private static final String COLUMNS =
            "id, shipment_ref, carrier, tracking_number, order_ref, order_id, link_state, link_deadline, "
                    + "status, promised_date, estimated_delivery, delivered_at, last_checkpoint_at, created_at";
    private static final RowMapper<Row> ROWS = (rs, n) -> new Row(
            rs.getString(1),
            rs.getString(2),
            rs.getString(3),
            rs.getString(4),
            rs.getString(5),
            rs.getString(6),
            rs.getString(7),
            rs.getObject(8, OffsetDateTime.class),
            rs.getString(9) == null ? null : ShipmentStatus.valueOf(rs.getString(9)),
            rs.getObject(10, LocalDate.class),
            rs.getObject(11, LocalDate.class),
            rs.getObject(12, OffsetDateTime.class),
            rs.getObject(13, OffsetDateTime.class),
            rs.getObject(14, OffsetDateTime.class));

    private final JdbcTemplate jdbc;

    public ShipmentStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Row> byId(String id) {
        return jdbc.query("select " + COLUMNS + " from shipment where id = ?", ROWS, id).stream()
                .findFirst();
    }

    /** The shipment with this tracking number, if its carrier is {@code carrier} (null: any carrier). */
    public List<Row> byTracking(String trackingNumber, String carrier) {
        return carrier == null
                ? jdbc.query("select " + COLUMNS + " from shipment where tracking_number = ?", ROWS, trackingNumber)
                : jdbc.query(
                        "select " + COLUMNS + " from shipment where tracking_number = ? and carrier = ?",
                        ROWS,
                        trackingNumber,
                        carrier);
    }

    /** The shipments linked to an order, oldest first. */
    public List<Row> byOrder(String hubOrderId) {
        return jdbc.query(
                "select " + COLUMNS + " from shipment where order_id = ? order by created_at, id", ROWS, hubOrderId);
    }

    /** A page of the linked shipments, or of the others (waiting for their order, or orphaned), oldest first. */
    public List<Row> byLinked(boolean linked, int offset, int limit) {
        return jdbc.query(
                "select " + COLUMNS + " from shipment where link_state " + (linked ? "=" : "<>")
                        + " ? order by created_at, id " + "offset ? rows fetch next ? rows only",
                ROWS,
                LINKED,
                offset,
                limit);
    }

    /** The shipment a report is about: by the shipper's reference first, else by tracking number. */
    public Optional<Row> find(String shipmentRef, String trackingNumber) {
        if (shipmentRef != null) {
            Optional<Row> byRef =
                    jdbc
                            .query("select " + COLUMNS + " from shipment where shipment_ref = ?", ROWS, shipmentRef)
                            .stream()
                            .findFirst();
            if (byRef.isPresent()) {
                return byRef;
            }
        }
        if (trackingNumber != null) {
            return jdbc
                    .query("select " + COLUMNS + " from shipment where tracking_number = ?", ROWS, trackingNumber)
                    .stream()
                    .findFirst();
        }
        return Optional.empty();
    }

    public void insert(Row r, OffsetDateTime now) {
        jdbc.update(
                "insert into shipment (" + COLUMNS
                        + ", updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                r.id(),
                r.shipmentRef(),
                r.carrier(),
                r.trackingNumber(),
                r.orderRef(),
                r.orderId(),
                r.linkState(),
                r.linkDeadline(),
                name(r.status()),
                r.promisedDate(),
                r.estimatedDelivery(),
                r.deliveredAt(),
                r.lastCheckpointAt(),
                r.createdAt(),
                now);
    }

    public void update(Row r, OffsetDateTime now) {
        jdbc.update(
                "update shipment set shipment_ref = ?, carrier = ?, tracking_number = ?, order_ref = ?, order_id = ?, link_state = ?, "
                        + "link_deadline = ?, status = ?, promised_date = ?, estimated_delivery = ?, delivered_at = ?, last_checkpoint_at = ?, "
                        + "updated_at = ? where id = ?",
                r.shipmentRef(),
                r.carrier(),
                r.trackingNumber(),
                r.orderRef(),
                r.orderId(),
                r.linkState(),
                r.linkDeadline(),
                name(r.status()),
                r.promisedDate(),
                r.estimatedDelivery(),
                r.deliveredAt(),
                r.lastCheckpointAt(),
                now,
                r.id());
    }

    /** Adds a checkpoint unless the shipment has it already (same time, same code); whether it was new. */
    public boolean addCheckpoint(String shipmentId, Checkpoint c, String source, OffsetDateTime now) {
        Integer known = jdbc.queryForObject(
                "select count(*) from shipment_checkpoint where shipment_id = ? and occurred_at = ? and code = ?",
                Integer.class,
                shipmentId,
                c.time(),
                c.code());
        if (known != null && known > 0) {
            return false;
        }
        jdbc.update(
                "insert into shipment_checkpoint (shipment_id, occurred_at, code, status, known, message, location, source, recorded_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                shipmentId,
                c.time(),
                c.code(),
                name(c.status()),
                c.known(),
                c.message(),
                c.location(),
                source,
                now);
        return true;
    }

    /** Replaces the lines when an advance ship notice reports different ones; whether they changed. */
    public boolean replaceLines(String shipmentId, List<Shipment.Line> lines) {
        if (lines.isEmpty() || lines.equals(lines(shipmentId))) {
            return false;
        }
        jdbc.update("delete from shipment_line where shipment_id = ?", shipmentId);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            rows.add(new Object[] {
                shipmentId, i + 1, lines.get(i).sku(), lines.get(i).quantity()
            });
        }
        jdbc.batchUpdate("insert into shipment_line (shipment_id, line_no, sku, quantity) values (?, ?, ?, ?)", rows);
        return true;
    }

    /** Status follows the latest checkpoint with a known code, whatever order the checkpoints arrived in. */
    public Latest latest(String shipmentId) {
        List<Checkpoint> history = checkpoints(shipmentId);
        Checkpoint last = history.isEmpty() ? null : history.get(history.size() - 1);
        Checkpoint lastKnown = null;
        for (Checkpoint c : history) {
            if (c.known()) {
                lastKnown = c;
            }
        }
        ShipmentStatus status = lastKnown == null ? null : lastKnown.status();
        return new Latest(
                status,
                lastKnown == null ? null : lastKnown.time(),
                last == null ? null : last.time(),
                status == ShipmentStatus.DELIVERED ? lastKnown.time() : null);
    }

    /** The shipment in canonical form, its history in time order (ties in arrival order). */
    public Shipment document(String shipmentId, OffsetDateTime now) {
        Row r = byId(shipmentId).orElseThrow(() -> new IllegalStateException("no shipment " + shipmentId));
        List<Checkpoint> history = checkpoints(shipmentId);
        List<String> unknown = history.stream()
                .filter(c -> !c.known())
                .map(Checkpoint::code)
                .distinct()
                .toList();
        List<Shipment.Delay> delays = jdbc.query(
                "select cause, detail, raised_at from shipment_delay where shipment_id = ? order by raised_at, cause",
                (rs, n) -> new Shipment.Delay(
                        Shipment.DelayCause.valueOf(rs.getString(1)),
                        rs.getString(2),
                        rs.getObject(3, OffsetDateTime.class)),
                shipmentId);
        Shipment.OrderRef order = r.orderId() == null
                ? null
                : jdbc
                        .query(
                                "select source_system, source_order_id, order_number from scm_order where hub_order_id = ?",
                                (rs, n) -> new Shipment.OrderRef(rs.getString(1), rs.getString(2), rs.getString(3)),
                                r.orderId())
                        .stream()
                        .findFirst()
                        .orElse(null);
        return new Shipment(
                r.id(),
                r.shipmentRef(),
                r.carrier(),
                r.trackingNumber(),
                r.orderRef(),
                order,
                r.status(),
                r.promisedDate(),
                r.estimatedDelivery(),
                r.deliveredAt(),
                r.lastCheckpointAt(),
                unknown,
                lines(shipmentId),
                history,
                delays,
                null,
                now);
    }

    public List<Checkpoint> checkpoints(String shipmentId) {
        return jdbc.query(
                "select occurred_at, code, status, known, message, location from shipment_checkpoint where shipment_id = ? "
                        + "order by occurred_at, id",
                (rs, n) -> new Checkpoint(
                        rs.getObject(1, OffsetDateTime.class),
                        rs.getString(2),
                        rs.getString(3) == null ? null : ShipmentStatus.valueOf(rs.getString(3)),
                        rs.getBoolean(4),
                        rs.getString(5),
                        rs.getString(6)),
                shipmentId);
    }

    private List<Shipment.Line> lines(String shipmentId) {
        return jdbc.query(
                "select sku, quantity from shipment_line where shipment_id = ? order by line_no",
                (rs, n) -> new Shipment.Line(rs.getString(1), rs.getInt(2)),
                shipmentId);
    }

    /** Remembers an order seen on the bus; a shipment ref, once reported, is kept when a later event lacks it. */
    public void rememberOrder(String hubOrderId, Order order, OffsetDateTime now) {
        if (jdbc.update(
                        "update scm_order set order_number = coalesce(?, order_number), shipment_ref = coalesce(?, shipment_ref), seen_at = ? "
                                + "where hub_order_id = ?",
                        order.orderNumber(),
                        order.shipmentRef(),
                        now,
                        hubOrderId)
                == 0) {
            jdbc.update(
                    "insert into scm_order (hub_order_id, source_system, source_order_id, order_number, shipment_ref, seen_at) "
                            + "values (?, ?, ?, ?, ?, ?)",
                    hubOrderId,
                    order.sourceSystem(),
                    order.sourceOrderId(),
                    order.orderNumber(),
                    order.shipmentRef(),
                    now);
        }
    }

    /**
     * The order a shipment belongs to: one whose shipment ref is the shipment's reference or tracking number, else one
     * whose hub id, source id or order number is the shipment's order reference.
     */
    public Optional<String> orderFor(Row s) {
        List<String> found = new ArrayList<>();
        for (String ref : new String[] {s.shipmentRef(), s.trackingNumber()}) {
            if (ref != null && found.isEmpty()) {
                found.addAll(jdbc.queryForList(
                        "select hub_order_id from scm_order where shipment_ref = ? order by seen_at",
                        String.class,
                        ref));
            }
        }
        if (found.isEmpty() && s.orderRef() != null) {
            found.addAll(jdbc.queryForList(
                    "select hub_order_id from scm_order where hub_order_id = ? or source_order_id = ? or order_number = ? "
                            + "order by seen_at",
                    String.class,
                    s.orderRef(),
                    s.orderRef(),
                    s.orderRef()));
        }
        return found.stream().findFirst();
    }

    /** The shipments still waiting for this order, by any of its references. */
    public List<Row> waitingFor(String hubOrderId) {
        return jdbc.query(
                "select " + prefixed("s")
                        + " from shipment s join scm_order o on o.hub_order_id = ? where s.link_state = ? "
                        + "and (s.order_ref in (o.hub_order_id, o.source_order_id, o.order_number) "
                        + "or (o.shipment_ref is not null and (s.shipment_ref = o.shipment_ref or s.tracking_number = o.shipment_ref)))",
                ROWS,
                hubOrderId,
                WAITING);
    }

    /** Waiting shipments whose order is known by now: shipment id → hub order id. */
    public Map<String, String> linkable() {
        Map<String, String> found = new LinkedHashMap<>();
        jdbc.query(
                "select s.id, o.hub_order_id from shipment s join scm_order o on s.order_ref in (o.hub_order_id, o.source_order_id, o.order_number) "
                        + "or (o.shipment_ref is not null and (s.shipment_ref = o.shipment_ref or s.tracking_number = o.shipment_ref)) "
                        + "where s.link_state = ? order by s.id, o.seen_at",
                rs -> {
                    found.putIfAbsent(rs.getString(1), rs.getString(2));
                },
                WAITING);
        return found;
    }

    /** Gives up on shipments whose order did not arrive in time; how many. */
    public int orphanOverdue(OffsetDateTime now) {
        return jdbc.update(
                "update shipment set link_state = ?, updated_at = ? where link_state = ? and link_deadline < ?",
                ORPHANED,
                now,
                WAITING,
                now);
    }

    private static String prefixed(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }

    static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    /** A row with what a report adds: its non-empty values fill or replace the stored ones. */
    static Row merge(Row r, ShipmentReport report) {
        return new Row(
                r.id(),
                or(report.shipmentRef(), r.shipmentRef()),
                or(report.carrier(), r.carrier()),
                or(report.trackingNumber(), r.trackingNumber()),
                or(report.orderRef(), r.orderRef()),
                r.orderId(),
                r.linkState(),
                r.linkDeadline(),
                r.status(),
                or(report.promisedDate(), r.promisedDate()),
                or(report.estimatedDelivery(), r.estimatedDelivery()),
                r.deliveredAt(),
                r.lastCheckpointAt(),
                r.createdAt());
    }

    static Row withHistory(Row r, Latest latest) {
        return new Row(
                r.id(),
                r.shipmentRef(),
                r.carrier(),
                r.trackingNumber(),
                r.orderRef(),
                r.orderId(),
                r.linkState(),
                r.linkDeadline(),
                latest.status(),
                r.promisedDate(),
                r.estimatedDelivery(),
                latest.deliveredAt(),
                latest.lastCheckpointAt(),
                r.createdAt());
    }

    static Row linked(Row r, String orderId) {
        return new Row(
                r.id(),
                r.shipmentRef(),
                r.carrier(),
                r.trackingNumber(),
                r.orderRef(),
                orderId,
                LINKED,
                null,
                r.status(),
                r.promisedDate(),
                r.estimatedDelivery(),
                r.deliveredAt(),
                r.lastCheckpointAt(),
                r.createdAt());
    }

    /** Whether the reported values differ from the stored ones (what a report can change, not what is derived). */
    static boolean differs(Row a, Row b) {
        return !Objects.equals(a.shipmentRef(), b.shipmentRef())
                || !Objects.equals(a.carrier(), b.carrier())
                || !Objects.equals(a.trackingNumber(), b.trackingNumber())
                || !Objects.equals(a.orderRef(), b.orderRef())
                || !Objects.equals(a.promisedDate(), b.promisedDate())
                || !Objects.equals(a.estimatedDelivery(), b.estimatedDelivery());
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
