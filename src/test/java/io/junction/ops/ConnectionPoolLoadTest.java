package io.junction.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.junction.support.HubTest;
import io.junction.support.ShopifyOrders;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The connection pools at the sizes config/application.yml sets for several hubs on one database
 * (docs/connection-pools.md): webhooks, every bus consumer and the polls share them under concurrent load without a
 * deadlock or a connection wait long enough to count as an outage: every order is accepted, applied once and staged
 * for the ERP once.
 */
class ConnectionPoolLoadTest extends HubTest {

    private static final int ORDERS = 300;
    private static final int SENDERS = 24;

    @Autowired
    @Qualifier("dataSource")
    HikariDataSource hubPool;

    @Autowired
    @Qualifier("erpDataSource")
    HikariDataSource erpPool;

    @Test
    void concurrentWebhooksAndConsumersShareTheSmallPoolsWithoutAnOutage() throws Exception {
        assertThat(hubPool.getMaximumPoolSize()).isEqualTo(10);
        assertThat(erpPool.getMaximumPoolSize()).isEqualTo(5);

        List<ShopifyOrders> buyers = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            buyers.add(new ShopifyOrders());
        }
        Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
        ExecutorService senders = Executors.newFixedThreadPool(SENDERS);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (ShopifyOrders buyer : buyers) {
                sent.add(senders.submit(() -> answers.computeIfAbsent(
                                deliver(buyer.created("2024-07-01T10:00:00Z")).statusCode(), k -> new AtomicInteger())
                        .incrementAndGet()));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } finally {
            senders.shutdownNow();
        }
        assertThat(answers).as("HTTP status → count").containsOnlyKeys(202);

        Set<String> ids = buyers.stream().map(b -> String.valueOf(b.orderId)).collect(Collectors.toSet());
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> stored(ids) == ORDERS && staged(ids) == ORDERS);
        assertThat(stored(ids)).as("each order applied once").isEqualTo(ORDERS);
        assertThat(staged(ids)).as("each order staged for the ERP once").isEqualTo(ORDERS);
    }

    private int stored(Set<String> ids) {
        return count(jdbc, "customer_order", "source_order_id", ids);
    }

    private int staged(Set<String> ids) {
        return count(new JdbcTemplate(erpPool), "erp_order_inbox", "source_order_id", ids);
    }

    private static int count(JdbcTemplate db, String table, String column, Set<String> ids) {
        return db.query("select " + column + " from " + table + " where source_system = 'shopify'", rs -> {
            int n = 0;
            while (rs.next()) {
                n += ids.contains(rs.getString(1)) ? 1 : 0;
            }
            return n;
        });
    }
}
