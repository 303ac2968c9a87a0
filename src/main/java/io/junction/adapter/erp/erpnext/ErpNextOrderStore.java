package io.junction.adapter.erp.erpnext;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.Order;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The hub's record of what went to ERPNext (table erpnext_order): which Sales Order each order became, and the
 * canonical order as handed over, which the status and delivery feeds report on.
 */
@Component
public class ErpNextOrderStore {

    /** A handed-off order: its hub id, its Sales Order, the canonical order. */
    public record Handed(String hubOrderId, String salesOrder, Order order) {}

    private final JdbcTemplate hub;
    private final ObjectMapper json;
    private final Clock clock;

    public ErpNextOrderStore(JdbcTemplate hub, ObjectMapper json, Clock clock) {
        this.hub = hub;
        this.json = json;
        this.clock = clock;
    }

    /** Records the Sales Order an order became, unless recorded already (a redelivered hand-off). */
    public void remember(String hubOrderId, String salesOrder, Order order) {
        try {
            hub.update(
                    "insert into erpnext_order (hub_order_id, sales_order, order_json, handed_at) values (?, ?, ?, ?)",
                    hubOrderId,
                    salesOrder,
                    json.writeValueAsString(order),
                    OffsetDateTime.now(clock));
        } catch (DuplicateKeyException known) {
            // recorded by an earlier delivery of the same order
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Handed> bySalesOrder(String salesOrder) {
        return hub
                .query(
                        "select hub_order_id, sales_order, order_json from erpnext_order where sales_order = ?",
                        (rs, n) -> new Handed(rs.getString(1), rs.getString(2), read(rs.getString(3))),
                        salesOrder)
                .stream()
                .findFirst();
    }

    private Order read(String text) {
        try {
            return json.readValue(text, Order.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
