package io.junction.platform.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.junction.support.HubTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A gracefully stopped hub gives up its job leases once its routes have stopped, so another replica takes the jobs over
 * on its next run. Stops its own Spring context.
 */
@DirtiesContext
class JobLeaseShutdownTest extends HubTest {

    @Autowired
    ConfigurableApplicationContext context;

    @Autowired
    InstanceId instance;

    @Value("${spring.datasource.url}")
    String url;

    @Value("${spring.datasource.username}")
    String user;

    @Value("${spring.datasource.password}")
    String password;

    @Test
    void aGracefulShutdownReleasesTheHubsLeases() throws Exception {
        await().atMost(Duration.ofSeconds(20)).until(() -> instance.value().equals(holder("event-outbox")));

        // the lifecycle part of a graceful shutdown (closing would also end this test's Spring context under it)
        context.stop();

        assertThat(holder("event-outbox")).as("released, not left to expire").isNull();
    }

    /** Read past the hub's pool, which may be closed. */
    private String holder(String job) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password);
                PreparedStatement s = c.prepareStatement("select holder from job_lease where name = ?")) {
            s.setString(1, job);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
