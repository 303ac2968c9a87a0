package io.junction.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.junction.support.HubTest;
import io.junction.support.ShopifyOrders;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Readiness follows the hub's dependencies: DOWN while the database is unreachable or the broker is stopped, UP again
 * when they are back; liveness stays UP throughout (a restart would not help). While the broker is stopped a webhook gets
 * 503 + Retry-After at once, and is accepted again once it is back. Its own Spring context: it stops things.
 */
@TestPropertySource(properties = {"spring.datasource.hikari.allow-pool-suspension=true"})
class HealthFlipTest extends HubTest {

    static {
        // a suspended pool refuses connections at once instead of blocking: what an unreachable database looks like
        System.setProperty("com.zaxxer.hikari.throwIfSuspended", "true");
    }

    @Autowired
    HikariDataSource dataSource;

    @Autowired
    EmbeddedActiveMQ broker;

    @Test
    void readinessFlipsWhenTheDatabaseGoesAndComesBack() {
        awaitReadiness("UP");
        dataSource.getHikariPoolMXBean().suspendPool();
        dataSource.getHikariPoolMXBean().softEvictConnections();
        try {
            awaitReadiness("DOWN");
            assertThat(json(get("/actuator/health/readiness"))
                            .at("/components/db/status")
                            .asText())
                    .isEqualTo("DOWN");
            assertThat(json(get("/actuator/health/liveness")).path("status").asText())
                    .isEqualTo("UP");
        } finally {
            dataSource.getHikariPoolMXBean().resumePool();
        }
        awaitReadiness("UP");
    }

    @Test
    void readinessFlipsWhenTheBrokerStopsAndStarts() throws Exception {
        awaitReadiness("UP");
        ActiveMQServer server = broker.getActiveMQServer();
        server.stop();
        try {
            awaitReadiness("DOWN");
            assertThat(json(get("/actuator/health/readiness"))
                            .at("/components/jms/status")
                            .asText())
                    .isEqualTo("DOWN");
            assertThat(json(get("/actuator/health/liveness")).path("status").asText())
                    .isEqualTo("UP");
            // a webhook is refused at once with a problem saying when to retry; nothing waits on the JMS client
            HttpResponse<String> refused = deliver(new ShopifyOrders().created("2024-07-01T10:00:00Z"));
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(json(refused).path("detail").asText())
                    .isEqualTo("the message bus is unavailable; nothing was accepted, retry later");
        } finally {
            server.start();
        }
        awaitReadiness("UP");
        ShopifyOrders after = new ShopifyOrders();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> deliver(after.created("2024-07-01T10:00:00Z")).statusCode() == 202);
        awaitOnlyOrder(after.email, order -> true);
    }

    private void awaitReadiness(String status) {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    return status.equals(json(get("/actuator/health/readiness"))
                            .path("status")
                            .asText());
                });
    }
}
