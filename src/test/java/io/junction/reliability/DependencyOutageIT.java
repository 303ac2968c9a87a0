package io.junction.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.junction.platform.bus.BusTopology;
import io.junction.support.HubTest;
import io.junction.support.ShopifyOrders;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Dependency outages, each for real and one after the other: the hub database (an embedded PostgreSQL server,
 * stopped and started again on the same data), the ERP database (another one), and the embedded Artemis broker
 * (stopped and started through its server). During each, the hub reports itself unhealthy (/actuator/health 503),
 * keeps accepting what it can without losing it, does not spin (its log lines are counted, its CPU time printed) and
 * recovers by itself when the dependency is back: everything accepted is applied once, nothing is dead-lettered.
 *
 * <p>CRM outage: proved today by the CRM adapter's own CrmSyncTest (CRM down, every outbox entry delivered once, in
 * order). Its case belongs here as {@code crmOutage...}: stop the stand-in CRM HTTP server, check health and the CRM
 * outbox, start it again, count one delivery per outbox entry.
 */
@TestPropertySource(
        properties = {"junction.redelivery.outage-maximum-delay-ms=3000", "junction.erp.inventory-poll-ms=2000"})
@DirtiesContext
class DependencyOutageIT extends HubTest {

    private static final RestartablePostgres HUB_DB = new RestartablePostgres("hub");
    private static final RestartablePostgres ERP_DB = new RestartablePostgres("erp");
    private static final Duration OUTAGE = Duration.ofSeconds(15);

    @Autowired
    EmbeddedActiveMQ broker;

    @Autowired
    JmsTemplate jms;

    @Autowired
    @Qualifier("erpJdbcTemplate")
    JdbcTemplate erp;

    @DynamicPropertySource
    static void databases(DynamicPropertyRegistry registry) {
        HUB_DB.start();
        ERP_DB.start();
        registry.add("spring.datasource.url", HUB_DB::jdbcUrl);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
        registry.add("junction.erp.datasource.url", ERP_DB::jdbcUrl);
        registry.add("junction.erp.datasource.username", () -> "postgres");
        registry.add("junction.erp.datasource.password", () -> "");
    }

    @AfterAll
    static void stopDatabases() {
        HUB_DB.stop();
        ERP_DB.stop();
    }

    @Test
    void theHubSurvivesItsDatabaseTheErpDatabaseAndTheBrokerGoingAway() throws Exception {
        ShopifyOrders before = new ShopifyOrders();
        assertThat(deliver(before.created("2024-07-01T10:00:00Z")).statusCode()).isEqualTo(202);
        awaitOnlyOrder(before.email, order -> true);
        awaitHealth(200);

        hubDatabaseOutage();
        erpDatabaseOutage();
        brokerRestart();

        for (String queue : List.of(
                topology.queue("order", "customer-view").deadLetterQueue(),
                topology.queue("customer", "customer-view").deadLetterQueue(),
                topology.queue("order", "erp").deadLetterQueue(),
                BusTopology.BACKSTOP_DLA)) {
            jms.setReceiveTimeout(500);
            assertThat(jms.receive(queue))
                    .as("nothing dead-lettered in " + queue)
                    .isNull();
        }
    }

    private void hubDatabaseOutage() throws Exception {
        for (ShopifyOrders order : databaseOutage(HUB_DB, "dataSource", "hub database", 5, during -> {})) {
            awaitOnlyOrder(order.email, o -> true);
        }
    }

    private void erpDatabaseOutage() throws Exception {
        // the customer view does not wait for the ERP
        List<ShopifyOrders> during = databaseOutage(
                ERP_DB,
                "erpDataSource",
                "ERP database",
                3,
                orders -> orders.forEach(order -> awaitOnlyOrder(order.email, o -> true)));
        for (ShopifyOrders order : during) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> erp.queryForObject(
                                    "select count(*) from erp_order_inbox where source_order_id = ?",
                                    Integer.class,
                                    Long.toString(order.orderId))
                            == 1);
        }
    }

    /**
     * Stops a database, checks the health report, delivers orders (all accepted) and waits out the outage, counting what
     * the hub logs; then starts the database again and waits for the hub to report healthy. The orders delivered.
     */
    private List<ShopifyOrders> databaseOutage(
            RestartablePostgres db, String dataSource, String name, int orders, Consumer<List<ShopifyOrders>> whileDown)
            throws InterruptedException {
        db.stop();
        JsonNode health = awaitHealth(503);
        assertThat(health.at("/components/db/components/" + dataSource + "/status")
                        .asText())
                .isEqualTo("DOWN");

        Outage outage = Outage.begin();
        List<ShopifyOrders> during = deliverOrders(orders);
        whileDown.accept(during);
        // the outage lasting its time is what is simulated (a sleep, not a wait for a condition)
        Thread.sleep(OUTAGE.toMillis());
        outage.end(name);
        db.start();
        awaitHealth(200);
        return during;
    }

    /** Orders accepted before the broker stops and not yet consumed are still there after it starts again. */
    private void brokerRestart() throws Exception {
        camel.getRouteController().stopRoute("customer-view-orders");
        List<ShopifyOrders> queued = deliverOrders(3);
        broker.getActiveMQServer().stop();

        Outage outage = Outage.begin();
        // the intake sees the stopped broker and answers at once, rather than waiting on the JMS client's timeouts
        long asked = System.nanoTime();
        HttpResponse<String> refused = deliver(new ShopifyOrders().created("2024-07-01T10:00:00Z"));
        double seconds = (System.nanoTime() - asked) / 1e9;
        System.out.printf(
                "[outage] webhook while the broker is down: HTTP %d after %.1f s, Retry-After %s%n",
                refused.statusCode(),
                seconds,
                refused.headers().firstValue("Retry-After").orElse("none"));
        assertThat(refused.statusCode())
                .as("not accepted while the broker is down")
                .isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After"))
                .as("the storefront is told when to retry")
                .hasValueSatisfying(value -> assertThat(Integer.parseInt(value)).isPositive());
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(json(refused).path("detail").asText()).contains("message bus is unavailable");
        assertThat(seconds)
                .as("answered quickly, not after the JMS client's timeouts")
                .isLessThan(5);
        awaitHealth(503);
        // the broker staying down for a while is what is simulated
        Thread.sleep(5000);
        outage.end("broker");

        broker.getActiveMQServer().start();
        camel.getRouteController().startRoute("customer-view-orders");
        awaitHealth(200);
        ShopifyOrders after = new ShopifyOrders();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> deliver(after.created("2024-07-01T10:00:00Z")).statusCode() == 202);
        for (ShopifyOrders order : queued) {
            awaitOnlyOrder(order.email, o -> true);
        }
        awaitOnlyOrder(after.email, o -> true);
    }

    private List<ShopifyOrders> deliverOrders(int count) {
        List<ShopifyOrders> orders = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ShopifyOrders order = new ShopifyOrders();
            assertThat(deliver(order.created("2024-07-01T10:00:00Z")).statusCode())
                    .as("accepted while a database is down")
                    .isEqualTo(202);
            orders.add(order);
        }
        return orders;
    }

    private JsonNode awaitHealth(int status) {
        JsonNode[] health = new JsonNode[1];
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    HttpResponse<String> response = get("/actuator/health");
                    health[0] = json(response);
                    return response.statusCode() == status;
                });
        return health[0];
    }

    /** What the hub did while a dependency was away: log lines written and CPU time used. */
    private record Outage(ListAppender<ILoggingEvent> log, long cpuStart, long wallStart) {

        static Outage begin() {
            ListAppender<ILoggingEvent> log = new ListAppender<>();
            log.start();
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(log);
            return new Outage(log, cpuTime(), System.nanoTime());
        }

        void end(String dependency) {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
            double seconds = (System.nanoTime() - wallStart) / 1e9;
            double cpu = (cpuTime() - cpuStart) / 1e9;
            long warnings = log.list.stream()
                    .filter(e -> e.getLevel().isGreaterOrEqual(ch.qos.logback.classic.Level.WARN))
                    .count();
            System.out.printf(
                    "[outage] %s down for %.0f s: %d log lines (%d WARN/ERROR), %.1f s CPU%n",
                    dependency, seconds, log.list.size(), warnings, cpu);
            assertThat(log.list.size())
                    .as("log lines while the " + dependency + " was down: no log storm")
                    .isLessThan(150);
        }

        private static long cpuTime() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }
    }

    /** A real PostgreSQL server on a fixed port and data folder, so that it can be stopped and started again. */
    static final class RestartablePostgres {
        private final Path dataDir;
        private final int port;
        private EmbeddedPostgres server;

        RestartablePostgres(String name) {
            try {
                this.dataDir = Files.createTempDirectory("junction-outage-" + name + "-");
                try (ServerSocket socket = new ServerSocket(0)) {
                    this.port = socket.getLocalPort();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        synchronized void start() {
            if (server == null) {
                try {
                    server = EmbeddedPostgres.builder()
                            .setDataDirectory(dataDir)
                            .setCleanDataDirectory(false)
                            .setPort(port)
                            .start();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }

        synchronized void stop() {
            if (server != null) {
                try {
                    server.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                server = null;
            }
        }

        String jdbcUrl() {
            return "jdbc:postgresql://localhost:" + port + "/postgres";
        }
    }
}
