package io.junction.adapter.erp;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Health component {@code erpSchema} (part of readiness): the ERP tables the hub writes and polls exist. A reachable
 * ERP database without them (a fresh database, the schema not yet created by the replica that manages it) would
 * otherwise be ready while every order is dead-lettered and every status poll fails.
 */
@Component
public class ErpSchemaHealthIndicator implements HealthIndicator {

    /** Polled unless junction.erp.table-feeds is off (ERPNext mode): the ERP's order status and inventory. */
    private static final List<String> POLLED = List.of("erp_order_status", "erp_inventory");
    /** Written in database mode: the staging tables. */
    private static final List<String> STAGING = List.of("erp_order_inbox", "erp_order_inbox_line");
    /** Columns the staging contract gained after V1 (db/erp/V14: one CREATE and one CANCEL per order). */
    private static final Map<String, String> LATER_COLUMNS = Map.of("erp_order_inbox", "once_key");

    private final JdbcTemplate erp;
    private final List<String> tables = new ArrayList<>();

    public ErpSchemaHealthIndicator(
            @Qualifier("erpDataSource") DataSource erpDataSource,
            @Value("${junction.erp.mode:database}") String mode,
            @Value("${junction.erp.table-feeds:true}") boolean tableFeeds) {
        this.erp = new JdbcTemplate(erpDataSource);
        if (tableFeeds) {
            tables.addAll(POLLED);
        }
        if (mode.equals("database")) {
            tables.addAll(STAGING);
        }
    }

    @Override
    public Health health() {
        List<String> missing = new ArrayList<>();
        for (String table : tables) {
            // a column the contract added later: an ERP schema without it takes no order
            String column = LATER_COLUMNS.get(table);
            try {
                erp.queryForObject(
                        "select count(" + (column == null ? "*" : column) + ") from " + table + " where 1 = 0",
                        Integer.class);
            } catch (DataAccessException e) {
                missing.add(column == null ? table : table + "." + column);
            }
        }
        return missing.isEmpty()
                ? Health.up().withDetail("tables", tables).build()
                : Health.down()
                        .withDetail("missing", missing)
                        .withDetail(
                                "detail",
                                "the ERP database lacks these tables or columns (junction.erp.manage-schema creates the sample ERP's; docs/erp.md has the contract)")
                        .build();
    }
}
