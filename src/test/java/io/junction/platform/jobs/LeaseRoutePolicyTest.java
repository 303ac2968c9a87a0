package io.junction.platform.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.junction.support.HubTest;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The lease as a route policy on the real database: two replicas (each a Camel context with its own JobLease and
 * policy) run a timer route under one job's lease. Only the holder's route runs; a graceful stop hands the job over
 * within a check; a dead holder's lease is taken over once it expires; a holder that loses its lease stops running.
 */
class LeaseRoutePolicyTest extends HubTest {

    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final Duration CHECK = Duration.ofMillis(100);

    private final String job = "test-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Replica> replicas = new ArrayList<>();

    @AfterEach
    void stopReplicas() {
        replicas.forEach(Replica::stop);
    }

    @Test
    void onlyTheHolderRunsTheRouteAndAGracefulStopHandsItOver() throws Exception {
        Replica a = replica("hub-a:8080#101");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.runs.get() > 0);
        Replica b = replica("hub-b:8080#202");

        int before = a.runs.get();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> b.runs.get() == 0);
        assertThat(a.runs.get()).as("a keeps running the job").isGreaterThan(before);
        assertThat(holder()).isEqualTo("hub-a:8080#101");

        // its routes stopped (the first part of a graceful stop): the policy gave the lease up, b takes it on its next
        // check
        a.camel.stop();
        assertThat(holder()).as("released, not left to expire").isIn(null, "hub-b:8080#202");
        int stoppedAt = a.runs.get();
        await().atMost(Duration.ofSeconds(5)).until(() -> b.runs.get() > 0);
        assertThat(holder()).isEqualTo("hub-b:8080#202");
        assertThat(a.runs.get()).as("a stopped replica runs nothing").isEqualTo(stoppedAt);
    }

    @Test
    void aDeadHoldersLeaseIsTakenOverOnceItExpiresAndNotBefore() throws Exception {
        // a replica that died holding the job: its row stays until it expires, nobody renews or releases it
        OffsetDateTime expires = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(2);
        jdbc.update(
                "insert into job_lease (name, holder, expires_at) values (?, ?, ?)", job, "dead-hub:8080#1", expires);
        Replica alive = replica("hub-b:8080#202");

        await().atMost(Duration.ofSeconds(15)).until(() -> alive.runs.get() > 0);
        assertThat(OffsetDateTime.now(ZoneOffset.UTC))
                .as("not before the dead holder's lease ran out")
                .isAfter(expires);
        assertThat(holder()).isEqualTo("hub-b:8080#202");
    }

    @Test
    void aHolderWhoseLeaseWasTakenStopsRunning() throws Exception {
        Replica a = replica("hub-a:8080#101");
        await().atMost(Duration.ofSeconds(10)).until(() -> a.runs.get() > 0);

        // another replica holds the job now (a's lease ran out while it could not renew, say)
        jdbc.update(
                "update job_lease set holder = 'hub-c:8080#303', expires_at = ? where name = ?",
                OffsetDateTime.now(ZoneOffset.UTC).plusHours(1),
                job);
        await().atMost(Duration.ofSeconds(5)).until(() -> !a.policy.isHeld());
        int stoppedAt = a.runs.get();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> a.runs.get() == stoppedAt);
    }

    private Replica replica(String name) throws Exception {
        Replica replica = new Replica(name);
        replicas.add(replica);
        return replica;
    }

    private String holder() {
        return jdbc.query("select holder from job_lease where name = ?", rs -> rs.next() ? rs.getString(1) : null, job);
    }

    /** One hub: its JobLease, the job's policy and a Camel context whose timer route counts the runs. */
    private final class Replica {

        final AtomicInteger runs = new AtomicInteger();
        final LeaseRoutePolicy policy;
        final DefaultCamelContext camel = new DefaultCamelContext();
        final JobLease lease;

        Replica(String name) throws Exception {
            lease = new JobLease(jdbc, new InstanceId(name, "0"), Clock.systemUTC());
            lease.start();
            policy = new LeaseRoutePolicy(lease, job, LEASE, CHECK);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("timer:" + job + "?period=50").routePolicy(policy).process(e -> runs.incrementAndGet());
                }
            });
            camel.start();
        }

        void stop() {
            camel.stop();
            lease.stop();
        }
    }
}
