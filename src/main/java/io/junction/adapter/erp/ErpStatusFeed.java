package io.junction.adapter.erp;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.canonical.CloudEvent;
import io.junction.canonical.Customer;
import io.junction.canonical.EventType;
import io.junction.canonical.Order;
import io.junction.canonical.OrderLine;
import io.junction.platform.bus.EventHeaders;
import io.junction.platform.bus.OutgoingEvent;
import io.junction.platform.failure.ProblemException;
import io.junction.platform.jobs.ClaimTokens;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Turns the ERP's order status rows into canonical events. Rows are claimed first (a conditional update with a
 * lease), at most junction.erp.status-batch-size per poll, so with several hub instances each row is published by one
 * of them and all of them work; a crashed instance's claim expires and another takes the row over. Event ids derive
 * from the row id, so a row published twice (a batch that outlived its lease) has one effect.
 */
@Component
public class ErpStatusFeed {

    static final String SOURCE = "/erp";

    private final JdbcTemplate erp;
    private final ErpStatusMap statusMap;
    private final ObjectMapper json;
    private final Duration lease;
    private final int batchSize;
    private final ClaimTokens tokens;
    private final Clock clock;

    public ErpStatusFeed(
            @Qualifier("erpJdbcTemplate") JdbcTemplate erp,
            ErpStatusMap statusMap,
            ObjectMapper json,
            @Value("${junction.erp.claim-lease-seconds:45}") long leaseSeconds,
            @Value("${junction.erp.status-batch-size:200}") int batchSize,
            ClaimTokens tokens,
            Clock clock) {
        this.erp = erp;
        this.statusMap = statusMap;
        this.json = json;
        this.lease = Duration.ofSeconds(leaseSeconds);
        this.batchSize = batchSize;
        this.tokens = tokens;
        this.clock = clock;
    }

    /**
     * Claims the oldest open status rows not claimed by a live instance, at most a batch; the claim token, for the
     * select that follows.
     */
    public String claim() {
        String token = tokens.next();
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime expired = now.minus(lease);
        // the claim conditions stand at the top level too: a concurrent claimer re-checks them on the locked row
        erp.update(
                "update erp_order_status set claimed_by = ?, claimed_at = ? "
                        + "where processed_at is null and (claimed_by is null or claimed_at < ?) and status_id in ("
                        + "select s.status_id from erp_order_status s where s.processed_at is null "
                        + "and (s.claimed_by is null or s.claimed_at < ?) order by s.status_id fetch first " + batchSize
                        + " rows only)",
                token,
                now,
                expired,
                expired);
        return token;
    }

    /** The canonical events one status row stands for: order.updated, and order.backordered for a back-order. */
    public List<OutgoingEvent> toEvents(Map<String, Object> row) {
        long statusId = ((Number) row.get("status_id")).longValue();
        String hubOrderId = (String) row.get("hub_order_id");
        ErpStatusMap.Meaning meaning = statusMap.meaning((String) row.get("status_code"));
        OffsetDateTime at = time(row.get("status_time"));
        Order staged = stagedOrder(hubOrderId);
        Order reported = new Order(
                staged.sourceSystem(),
                staged.sourceOrderId(),
                staged.orderNumber(),
                meaning.status(),
                null,
                staged.currency(),
                staged.lines(),
                staged.subtotal(),
                staged.tax(),
                staged.shipping(),
                staged.total(),
                staged.placedAt(),
                at,
                null,
                (String) row.get("reason"),
                (String) row.get("shipment_ref"),
                staged.customer(),
                null);
        String group = EventHeaders.groupOf(staged.customer());
        List<OutgoingEvent> events = new ArrayList<>();
        events.add(OutgoingEvent.of(
                CloudEvent.of(
                        eventId(statusId, "status"),
                        SOURCE,
                        EventType.ORDER_UPDATED,
                        subject(staged),
                        at,
                        json.valueToTree(reported)),
                group,
                json));
        if (meaning.backorder()) {
            ObjectNode data = json.createObjectNode();
            data.put("sourceSystem", staged.sourceSystem()).put("sourceOrderId", staged.sourceOrderId());
            if (staged.orderNumber() != null) {
                data.put("orderNumber", staged.orderNumber());
            }
            data.set("customer", json.valueToTree(staged.customer()));
            String missing = (String) row.get("missing_skus");
            Arrays.stream(missing == null ? new String[0] : missing.split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .forEach(data.putArray("missingSkus")::add);
            Object expected = row.get("expected_date");
            if (expected != null) {
                data.put(
                        "expectedDate",
                        expected instanceof Date date ? date.toLocalDate().toString() : expected.toString());
            }
            data.put("reportedAt", at.toString());
            events.add(OutgoingEvent.of(
                    CloudEvent.of(
                            eventId(statusId, "backorder"),
                            SOURCE,
                            EventType.ORDER_BACKORDERED,
                            subject(staged),
                            at,
                            data),
                    group,
                    json));
        }
        return events;
    }

    /** A row the hub cannot turn into events, as a dead letter: the row as text, the reason, nothing else. */
    public void deadLetter(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        Object statusId = exchange.getMessage().getHeader("JunctionErpStatusId");
        String row = String.valueOf(exchange.getMessage().getBody());
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage()
                .setHeader(EventHeaders.DEAD_LETTER_REASON, cause == null ? "unknown" : cause.getMessage());
        exchange.getMessage().setHeader("JunctionErpStatusId", statusId);
        exchange.getMessage().setBody(row);
    }

    private Order stagedOrder(String hubOrderId) {
        List<Order> found = erp.query(
                "select inbox_id, source_system, source_order_id, order_number, customer_system, "
                        + "customer_source_id, customer_email, customer_phone, currency, subtotal, tax, shipping, total, placed_at "
                        + "from erp_order_inbox where hub_order_id = ? order by inbox_id desc fetch first 1 rows only",
                (rs, n) -> {
                    List<OrderLine> lines = erp.query(
                            "select sku, title, quantity, unit_price from erp_order_inbox_line where inbox_id = ? order by line_no",
                            (l, i) -> new OrderLine(l.getString(1), l.getString(2), l.getInt(3), l.getBigDecimal(4)),
                            rs.getLong(1));
                    Customer customer = new Customer(
                            rs.getString(5),
                            rs.getString(6),
                            rs.getString(7),
                            rs.getString(8),
                            null,
                            null,
                            null,
                            null,
                            null,
                            null);
                    return new Order(
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            null,
                            null,
                            rs.getString(9),
                            lines,
                            rs.getBigDecimal(10),
                            rs.getBigDecimal(11),
                            rs.getBigDecimal(12),
                            rs.getBigDecimal(13),
                            rs.getObject(14, OffsetDateTime.class),
                            null,
                            null,
                            null,
                            null,
                            customer,
                            null);
                },
                hubOrderId);
        if (found.isEmpty()) {
            throw new ProblemException(
                    422,
                    "Unprocessable content",
                    "the ERP reports on order " + hubOrderId + ", which Junction never handed to it");
        }
        return found.get(0);
    }

    /** A timestamp column as the drivers return it: H2 an OffsetDateTime, PostgreSQL a Timestamp. */
    private static OffsetDateTime time(Object value) {
        return value instanceof OffsetDateTime odt
                ? odt
                : ((Timestamp) value).toInstant().atOffset(ZoneOffset.UTC);
    }

    private static String subject(Order order) {
        return "order/" + order.sourceSystem() + "/" + order.sourceOrderId();
    }

    private static String eventId(long statusId, String kind) {
        return UUID.nameUUIDFromBytes(("erp-status/" + statusId + "/" + kind).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
