package io.junction.platform.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.junction.support.HubTest;
import io.junction.support.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Job leases on the real database: two hub instances (two JobLease objects on one database) share a job, the holder
 * is a readable name, and a graceful stop hands the job over at once instead of after the lease.
 */
class JobLeaseTest extends HubTest {

    @Test
    void aGracefullyStoppedHolderReleasesItsLeaseSoTheOtherInstanceTakesTheJobAtOnce() {
        String job = "test-" + UUID.randomUUID().toString().substring(0, 8);
        JobLease a = started("hub-a:8080#101");
        JobLease b = started("hub-b:8080#202");
        Duration lease = Duration.ofMinutes(10);

        assertThat(a.acquire(job, lease)).isTrue();
        assertThat(b.acquire(job, lease)).as("held by a for ten minutes").isFalse();
        assertThat(a.acquire(job, lease)).as("a renews its own lease").isTrue();

        a.stop();

        assertThat(holder(job)).isNull();
        assertThat(b.acquire(job, lease))
                .as("released: b takes the job on its next run")
                .isTrue();
        assertThat(holder(job)).isEqualTo("hub-b:8080#202");
        assertThat(a.acquire(job, lease)).as("a stopped instance takes no job").isFalse();
    }

    @Test
    void aDeadHoldersLeaseIsTakenOverOnceItExpires() {
        String job = "test-" + UUID.randomUUID().toString().substring(0, 8);
        MutableClock clock = MutableClock.startingNow();
        JobLease dead = started("hub-a:8080#101", clock);
        JobLease alive = started("hub-b:8080#202", clock);

        assertThat(dead.acquire(job, Duration.ofMinutes(5))).isTrue();
        // the dead one never renews nor releases; the other gets the job once the lease has run out, not before
        clock.advance(Duration.ofMinutes(5));
        assertThat(alive.acquire(job, Duration.ofMinutes(1)))
                .as("the lease's last instant")
                .isFalse();
        clock.advance(Duration.ofSeconds(1));
        assertThat(alive.acquire(job, Duration.ofMinutes(1))).as("expired").isTrue();
        assertThat(holder(job)).isEqualTo("hub-b:8080#202");
        assertThat(dead.acquire(job, Duration.ofMinutes(1)))
                .as("taken over: the old holder comes back too late")
                .isFalse();
    }

    @Test
    void theHubsOwnJobsAreHeldUnderItsReadableInstanceId() {
        await().atMost(Duration.ofSeconds(20)).until(() -> holder("event-outbox") != null);
        assertThat(holder("event-outbox"))
                .matches(".+:\\d+#" + ProcessHandle.current().pid());
    }

    private JobLease started(String name) {
        return started(name, Clock.systemUTC());
    }

    private JobLease started(String name, Clock clock) {
        JobLease lease = new JobLease(jdbc, new InstanceId(name, "0"), clock);
        lease.start();
        return lease;
    }

    private String holder(String job) {
        return jdbc.query("select holder from job_lease where name = ?", rs -> rs.next() ? rs.getString(1) : null, job);
    }
}
