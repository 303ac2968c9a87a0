package io.junction.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Baseline (b), raw JDBC: the rows the hub writes for a new order of a new customer — in the hub database the
 * idempotency claim, customer, contact, cross-reference, order, lines and status history (after the same match
 * look-ups, by contact and by source id); in the ERP database the staged order and its lines — in batches of
 * {@code batch} orders per transaction, the two databases written in parallel as the hub's two consumers do. Same
 * schema (the hub's own migrations), same database kind. What this reaches is the most the hub's SQL could do.
 */
final class JdbcBaseline {

    record Result(int orders, double seconds) {
        double perSecond() {
            return orders / seconds;
        }
    }

    static Result run(OrderStream orders, int count, int batch, Databases dbs) throws Exception {
        String hubUrl = dbs.url("baseline-hub", false);
        String erpUrl = dbs.url("baseline-erp", false);
        dbs.migrate(hubUrl, "db/migration");
        dbs.migrate(erpUrl, "db/erp");
        List<JsonNode> data = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            data.add(orders.canonical(i));
        }
        try (Connection hub = dbs.connect(hubUrl); Connection erp = dbs.connect(erpUrl)) {
            hub.setAutoCommit(false);
            erp.setAutoCommit(false);
            long start = System.nanoTime();
            CompletableFuture<Void> hubSide = CompletableFuture.runAsync(() -> inBatches(data, batch, chunk -> writeHub(hub, chunk)));
            CompletableFuture<Void> erpSide = CompletableFuture.runAsync(() -> inBatches(data, batch, chunk -> writeErp(erp, chunk)));
            CompletableFuture.allOf(hubSide, erpSide).join();
            return new Result(count, (System.nanoTime() - start) / 1e9);
        }
    }

    private interface ChunkWriter {
        void write(List<JsonNode> chunk) throws SQLException;
    }

    private static void inBatches(List<JsonNode> data, int batch, ChunkWriter writer) {
        try {
            for (int from = 0; from < data.size(); from += batch) {
                writer.write(data.subList(from, Math.min(data.size(), from + batch)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeHub(Connection c, List<JsonNode> chunk) throws SQLException {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<String> emails = chunk.stream().map(o -> o.at("/customer/email").asText()).toList();
        List<String> sourceIds = chunk.stream().map(o -> o.at("/customer/sourceCustomerId").asText()).toList();
        List<String> eventIds = chunk.stream().map(o -> "evt-" + o.get("sourceOrderId").asText()).toList();
        select(c, "select message_id from processed_message where processor = 'customer-view' and message_id in ", eventIds);
        select(c, "select customer_id from customer_contact where kind = 'email' and contact in ", emails);
        select(c, "select customer_id from customer_xref where source_system = 'shopify' and source_id in ", sourceIds);
        try (PreparedStatement claim = c.prepareStatement("insert into processed_message (processor, message_id, processed_at) values ('customer-view', ?, ?)");
             PreparedStatement customer = c.prepareStatement("insert into customer (id, email, first_name, last_name, address_line1, "
                     + "address_line2, city, region, postal_code, country, name_address_key, marketing_opt_in, provenance, created_at, updated_at) "
                     + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement contact = c.prepareStatement("insert into customer_contact (kind, contact, customer_id, first_seen) values ('email', ?, ?, ?)");
             PreparedStatement xref = c.prepareStatement("insert into customer_xref (source_system, source_id, customer_id, first_seen, last_seen) values (?, ?, ?, ?, ?)");
             PreparedStatement order = c.prepareStatement("insert into customer_order (id, source_system, source_order_id, order_number, customer_id, "
                     + "status, payment_status, currency, subtotal, tax, shipping, total, placed_at, source_updated_at, created_at, updated_at) "
                     + "values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement line = c.prepareStatement("insert into order_line (order_id, line_no, sku, title, quantity, unit_price) values (?, ?, ?, ?, ?, ?)");
             PreparedStatement history = c.prepareStatement("insert into order_status_history (order_id, status, applied, event_id, source_time, recorded_at) "
                     + "values (?, 'PLACED', true, ?, ?, ?)")) {
            for (int n = 0; n < chunk.size(); n++) {
                JsonNode o = chunk.get(n);
                JsonNode cu = o.get("customer");
                JsonNode a = cu.get("address");
                String customerId = UUID.randomUUID().toString();
                String orderId = UUID.randomUUID().toString();
                OffsetDateTime placed = OffsetDateTime.parse(o.get("placedAt").asText());
                set(claim, eventIds.get(n), now).addBatch();
                set(customer, customerId, emails.get(n), cu.get("firstName").asText(), cu.get("lastName").asText(), a.get("line1").asText(),
                        a.get("line2").asText(), a.get("city").asText(), a.get("region").asText(), a.get("postalCode").asText(),
                        a.get("country").asText(), (cu.get("firstName").asText() + " " + cu.get("lastName").asText() + "|" + a.get("postalCode").asText()).toLowerCase(),
                        true, provenance(now), now, now).addBatch();
                set(contact, emails.get(n), customerId, now).addBatch();
                set(xref, "shopify", sourceIds.get(n), customerId, now, now).addBatch();
                set(order, orderId, "shopify", o.get("sourceOrderId").asText(), o.get("orderNumber").asText(), customerId, "PLACED",
                        o.get("paymentStatus").asText(), o.get("currency").asText(), o.get("subtotal").decimalValue(), o.get("tax").decimalValue(),
                        o.get("shipping").decimalValue(), o.get("total").decimalValue(), placed, placed, now, now).addBatch();
                addLines(line, orderId, o.get("lines"));
                set(history, orderId, eventIds.get(n), placed, now).addBatch();
            }
            for (PreparedStatement s : List.of(claim, customer, contact, xref, order, line, history)) {
                s.executeBatch();
            }
        }
        c.commit();
    }

    private static void writeErp(Connection c, List<JsonNode> chunk) throws SQLException {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<String> eventIds = chunk.stream().map(o -> "evt-" + o.get("sourceOrderId").asText()).toList();
        select(c, "select hub_event_id from erp_order_inbox where hub_event_id in ", eventIds);
        List<Long> inboxIds = new ArrayList<>();
        try (PreparedStatement inbox = c.prepareStatement("insert into erp_order_inbox (hub_event_id, hub_order_id, action, source_system, "
                + "source_order_id, order_number, customer_system, customer_source_id, customer_email, customer_name, currency, subtotal, tax, "
                + "shipping, total, placed_at, staged_at) values (?, ?, 'CREATE', 'shopify', ?, ?, 'shopify', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                new String[] {"inbox_id"})) {
            for (int n = 0; n < chunk.size(); n++) {
                JsonNode o = chunk.get(n);
                JsonNode cu = o.get("customer");
                set(inbox, eventIds.get(n), UUID.randomUUID().toString(), o.get("sourceOrderId").asText(), o.get("orderNumber").asText(),
                        cu.get("sourceCustomerId").asText(), cu.get("email").asText(), cu.get("firstName").asText() + " " + cu.get("lastName").asText(),
                        o.get("currency").asText(), o.get("subtotal").decimalValue(), o.get("tax").decimalValue(), o.get("shipping").decimalValue(),
                        o.get("total").decimalValue(), OffsetDateTime.parse(o.get("placedAt").asText()), now).addBatch();
            }
            inbox.executeBatch();
            try (ResultSet keys = inbox.getGeneratedKeys()) {
                while (keys.next()) {
                    inboxIds.add(keys.getLong(1));
                }
            }
        }
        try (PreparedStatement line = c.prepareStatement("insert into erp_order_inbox_line (inbox_id, line_no, sku, title, quantity, unit_price) values (?, ?, ?, ?, ?, ?)")) {
            for (int n = 0; n < chunk.size(); n++) {
                addLines(line, inboxIds.get(n), chunk.get(n).get("lines"));
            }
            line.executeBatch();
        }
        c.commit();
    }

    private static void addLines(PreparedStatement line, Object owner, JsonNode lines) throws SQLException {
        for (int l = 0; l < lines.size(); l++) {
            JsonNode li = lines.get(l);
            set(line, owner, l + 1, li.get("sku").asText(), li.get("title").asText(), li.get("quantity").asInt(),
                    new BigDecimal(li.get("unitPrice").asText())).addBatch();
        }
    }

    /** One look-up for the whole batch: {@code prefix} followed by an IN list of the values. */
    private static void select(Connection c, String prefix, List<String> values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(prefix + "(" + String.join(", ", Collections.nCopies(values.size(), "?")) + ")")) {
            for (int i = 0; i < values.size(); i++) {
                s.setString(i + 1, values.get(i));
            }
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    r.getString(1);
                }
            }
        }
    }

    private static PreparedStatement set(PreparedStatement s, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            s.setObject(i + 1, values[i]);
        }
        return s;
    }

    /** What the hub's survivorship records per field, about this size. */
    private static String provenance(OffsetDateTime at) {
        StringBuilder json = new StringBuilder("{");
        for (String field : List.of("email", "firstName", "lastName", "address", "marketingOptIn")) {
            json.append(json.length() > 1 ? "," : "").append('"').append(field).append("\":{\"source\":\"shopify\",\"at\":\"").append(at).append("\"}");
        }
        return json.append('}').toString();
    }
}
