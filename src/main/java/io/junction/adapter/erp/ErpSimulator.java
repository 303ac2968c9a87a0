package io.junction.adapter.erp;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A stand-in ERP for the embedded run and the tests (routes/erp.camel.yaml, off unless junction.erp.simulator.enabled):
 * it takes staged orders, rejects unknown or blocked SKUs, allocates what is in stock, back-orders the rest, and
 * cancels on request, writing its answers to the status table the way a real ERP would.
 */
@Component
public class ErpSimulator {

    private final JdbcTemplate erp;
    private final TransactionTemplate erpTransaction;
    private final Clock clock;

    public ErpSimulator(
            @Qualifier("erpJdbcTemplate") JdbcTemplate erp,
            @Qualifier("erpTransaction") TransactionTemplate erpTransaction,
            Clock clock) {
        this.erp = erp;
        this.erpTransaction = erpTransaction;
        this.clock = clock;
    }

    /** Works through the staged orders waiting for the ERP; how many it took. */
    public int work() {
        List<Map<String, Object>> waiting = erp.queryForList(
                "select inbox_id, hub_order_id, action from erp_order_inbox where erp_state = 'NEW' order by inbox_id fetch first 100 rows only");
        for (Map<String, Object> row : waiting) {
            erpTransaction.executeWithoutResult(
                    tx -> take(((Number) row.get("inbox_id")).longValue(), (String) row.get("hub_order_id"), (String)
                            row.get("action")));
        }
        return waiting.size();
    }

    private void take(long inboxId, String hubOrderId, String action) {
        if (erp.update(
                        "update erp_order_inbox set erp_state = 'TAKEN' where inbox_id = ? and erp_state = 'NEW'",
                        inboxId)
                == 0) {
            return;
        }
        switch (action) {
            case "CREATE" -> decide(inboxId, hubOrderId);
            case "CANCEL" -> report(hubOrderId, "CX", "cancelled at the customer's request", null, null);
            default -> {} // an update changes nothing the sample ERP decides on
        }
    }

    private void decide(long inboxId, String hubOrderId) {
        List<Map<String, Object>> lines = erp.queryForList(
                "select l.sku, l.quantity, i.sku as known, i.blocked, "
                        + "coalesce(s.on_hand - s.reserved, 0) as available from erp_order_inbox_line l "
                        + "left join erp_item i on i.sku = l.sku left join erp_inventory s on s.sku = l.sku and s.location = 'MAIN' "
                        + "where l.inbox_id = ? order by l.line_no",
                inboxId);
        for (Map<String, Object> line : lines) {
            if (line.get("known") == null || Boolean.TRUE.equals(line.get("blocked"))) {
                report(hubOrderId, "RJ", "unknown SKU " + line.get("sku"), null, null);
                return;
            }
        }
        report(hubOrderId, "A", null, null, null);
        List<String> missing = new ArrayList<>();
        for (Map<String, Object> line : lines) {
            int quantity = ((Number) line.get("quantity")).intValue();
            if (((Number) line.get("available")).intValue() < quantity) {
                missing.add((String) line.get("sku"));
            } else {
                erp.update(
                        "update erp_inventory set reserved = reserved + ?, updated_at = ? where sku = ? and location = 'MAIN'",
                        quantity,
                        OffsetDateTime.now(clock),
                        line.get("sku"));
            }
        }
        if (missing.isEmpty()) {
            report(hubOrderId, "AL", null, null, null);
        } else {
            report(
                    hubOrderId,
                    "BO",
                    "waiting for stock",
                    String.join(",", missing),
                    LocalDate.now(clock).plusDays(7));
        }
    }

    private void report(String hubOrderId, String code, String reason, String missingSkus, LocalDate expected) {
        erp.update(
                "insert into erp_order_status (hub_order_id, status_code, reason, missing_skus, expected_date, status_time) "
                        + "values (?, ?, ?, ?, ?, ?)",
                hubOrderId,
                code,
                reason,
                missingSkus,
                expected,
                OffsetDateTime.now(clock));
    }
}
