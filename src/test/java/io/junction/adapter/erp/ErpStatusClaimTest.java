package io.junction.adapter.erp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.junction.platform.jobs.ClaimTokens;
import io.junction.platform.jobs.InstanceId;
import io.junction.support.HubTest;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The ERP status claim on the real ERP database (the hub's own feed route stopped meanwhile): a poll claims at most a
 * batch, so a second hub gets the next rows, and rows a dead hub claimed are taken over once its lease has run out.
 */
class ErpStatusClaimTest extends HubTest {

    private static final String FEED_ROUTE = "erp-status-feed";

    @Autowired
    @Qualifier("erpJdbcTemplate")
    JdbcTemplate erp;

    @Autowired
    ErpStatusFeed feed;

    @Autowired
    ErpStatusMap statusMap;

    @Value("${junction.erp.status-batch-size}")
    int batchSize;

    private final String order = "claim-test-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeEach
    void threeThousandRowsWait() throws Exception {
        camel.getRouteController().stopRoute(FEED_ROUTE);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            rows.add(new Object[] {order, "ACCEPTED", now});
        }
        erp.batchUpdate("insert into erp_order_status (hub_order_id, status_code, status_time) values (?, ?, ?)", rows);
    }

    @AfterEach
    void cleanUp() throws Exception {
        erp.update("delete from erp_order_status where hub_order_id = ?", order);
        camel.getRouteController().startRoute(FEED_ROUTE);
    }

    @Test
    void aPollClaimsOneBatchAndASecondHubTheNext() {
        Set<Long> first = claimed(feed.claim());
        Set<Long> second = claimed(instance("hub-b:8080#2", 45, batchSize).claim());

        assertThat(first).as("one poll of 3,000 waiting rows").hasSize(batchSize);
        assertThat(second).as("the other hub's poll").hasSize(batchSize).doesNotContainAnyElementsOf(first);
        assertThat(open()).as("still waiting for the next polls").isEqualTo(3000 - 2 * batchSize);
    }

    @Test
    void rowsClaimedByADeadHubAreTakenOverOnceItsLeaseRunsOut() {
        ErpStatusFeed dead = instance("hub-a:8080#1", 1, 100);
        ErpStatusFeed alive = instance("hub-b:8080#2", 1, 100);
        Set<Long> orphaned = claimed(dead.claim());
        assertThat(orphaned).hasSize(100);

        assertThat(claimed(alive.claim()))
                .as("while the lease runs: other rows")
                .hasSize(100)
                .doesNotContainAnyElementsOf(orphaned);
        // the dead hub never processes nor renews them; once its lease has run out the next poll takes them (oldest
        // first)
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> claimed(alive.claim()).equals(orphaned));
    }

    private ErpStatusFeed instance(String name, long leaseSeconds, int batch) {
        return new ErpStatusFeed(
                erp,
                statusMap,
                JSON,
                leaseSeconds,
                batch,
                new ClaimTokens(new InstanceId(name, "0")),
                Clock.systemUTC());
    }

    private Set<Long> claimed(String token) {
        return new HashSet<>(erp.queryForList(
                "select status_id from erp_order_status where claimed_by = ? and hub_order_id = ?",
                Long.class,
                token,
                order));
    }

    private int open() {
        return erp.queryForObject(
                "select count(*) from erp_order_status where hub_order_id = ? and claimed_by is null",
                Integer.class,
                order);
    }
}
