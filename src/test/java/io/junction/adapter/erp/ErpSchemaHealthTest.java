package io.junction.adapter.erp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.jdbc.core.JdbcTemplate;

/** Readiness tells a usable ERP schema from one that would dead-letter every order: tables and the later columns. */
class ErpSchemaHealthTest {

    @Test
    void anErpOnTheFirstContractIsNotReadyUntilItHasTheOnceKey() {
        JdbcDataSource erp = new JdbcDataSource();
        erp.setURL("jdbc:h2:mem:erp-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        JdbcTemplate sql = new JdbcTemplate(erp);
        ErpSchemaHealthIndicator health = new ErpSchemaHealthIndicator(erp, "database", true);

        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);

        for (String table : List.of("erp_order_status", "erp_inventory", "erp_order_inbox_line")) {
            sql.execute("create table " + table + " (id int)");
        }
        sql.execute("create table erp_order_inbox (inbox_id int)");
        Health withoutColumn = health.health();
        assertThat(withoutColumn.getStatus()).isEqualTo(Status.DOWN);
        assertThat(withoutColumn.getDetails().get("missing")).isEqualTo(List.of("erp_order_inbox.once_key"));

        sql.execute("alter table erp_order_inbox add column once_key varchar(60)");
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);
    }
}
