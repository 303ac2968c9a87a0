package io.junction.platform.jobs;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * One active instance per scheduled job: a lease row per job (table job_lease, created on first use), taken or renewed
 * with one conditional update. The job's routes hold it through their {@link LeaseRoutePolicy}, which renews it
 * periodically while they run; if the holder dies, another instance takes over once the lease expires. Plain SQL, the
 * same on H2 and PostgreSQL, no cluster service. The jobs and their leases: {@link SingletonJobs}.
 *
 * <p>The holder is the readable {@link InstanceId}. Each policy gives its lease up when its routes stop; on a graceful
 * shutdown this instance also gives up whatever it still holds (a release that failed), after Camel has stopped the
 * routes (a lower phase stops later), so another replica takes the jobs over at its next lease check instead of after
 * the lease: a rolling restart pauses the singleton jobs for seconds.
 */
@Component
public class JobLease implements SmartLifecycle {

    /** Below Camel's phase (SpringCamelContext: Integer.MAX_VALUE - 2049): stops after the routes, before the pools close. */
    static final int PHASE = Integer.MAX_VALUE - 4096;

    private static final Logger log = LoggerFactory.getLogger(JobLease.class);

    private final JdbcTemplate jdbc;
    private final String instance;
    private final Clock clock;
    private volatile boolean running;

    public JobLease(JdbcTemplate jdbc, InstanceId instance, Clock clock) {
        this.jdbc = jdbc;
        this.instance = instance.value();
        this.clock = clock;
    }

    /** Whether this instance holds (now, for {@code lease} more) the job's lease; never once it has stopped. */
    public boolean acquire(String job, Duration lease) {
        if (!running) {
            return false;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (jdbc.update(
                        "update job_lease set holder = ?, expires_at = ? where name = ? and (holder is null or holder = ? or expires_at < ?)",
                        instance,
                        now.plus(lease),
                        job,
                        instance,
                        now)
                == 1) {
            return true;
        }
        try {
            return jdbc.update(
                            "insert into job_lease (name, holder, expires_at) values (?, ?, ?)",
                            job,
                            instance,
                            now.plus(lease))
                    == 1;
        } catch (DuplicateKeyException held) {
            return false;
        }
    }

    /** Gives up the job's lease if this instance holds it, so another instance takes the job on its next check. */
    public void release(String job) {
        jdbc.update(
                "update job_lease set holder = null, expires_at = null where name = ? and holder = ?", job, instance);
    }

    @Override
    public void start() {
        running = true;
    }

    /** Gives up every lease this instance still holds: another instance takes the job at its next lease check. */
    @Override
    public void stop() {
        running = false;
        try {
            int released =
                    jdbc.update("update job_lease set holder = null, expires_at = null where holder = ?", instance);
            log.info("Released {} job lease(s) of {}", released, instance);
        } catch (RuntimeException e) {
            log.warn("Could not release the job leases of {} (they expire on their own): {}", instance, e.getMessage());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }
}
