package io.junction.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;

/**
 * When each order of the run was done: visible in the customer view (its customer_order row) and staged for the ERP
 * (its erp_order_inbox row), whichever came later. Reads the hub's and the ERP's databases directly, one count
 * query each per poll, so that watching costs the hub next to nothing.
 */
final class Completion {

    private final Connection hub;
    private final Connection erp;
    private final String like;

    Completion(Connection hub, Connection erp, String runTag) {
        this.hub = hub;
        this.erp = erp;
        this.like = runTag + "%";
    }

    /** Waits until {@code expected} orders of this run are in both places; false on timeout. */
    boolean await(int expected, long timeoutMillis) throws SQLException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            if (count(hub, "customer_order") >= expected && count(erp, "erp_order_inbox") >= expected) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** Order id → epoch micros when it was done in both places. */
    Map<String, Long> doneAtMicros() throws SQLException {
        Map<String, Long> done = times(hub, "select source_order_id, created_at from customer_order where source_order_id like ?");
        times(erp, "select source_order_id, staged_at from erp_order_inbox where source_order_id like ?").forEach((id, at) -> done.merge(id, at, Math::max));
        return done;
    }

    private int count(Connection c, String table) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select count(*) from " + table + " where source_order_id like ?")) {
            s.setString(1, like);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    private Map<String, Long> times(Connection c, String sql) throws SQLException {
        Map<String, Long> times = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, like);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    OffsetDateTime at = r.getObject(2, OffsetDateTime.class);
                    times.put(r.getString(1), at.toEpochSecond() * 1_000_000L + at.getNano() / 1_000);
                }
            }
        }
        return times;
    }
}
