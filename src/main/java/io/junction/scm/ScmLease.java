package io.junction.scm;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * One active instance per scheduled job: a lease row per job (table scm_lease), taken or renewed with one conditional
 * update. The holder renews it on every run; if it dies, another instance takes over once the lease expires. Plain SQL,
 * the same on H2 and PostgreSQL, no cluster service.
 */
@Component
public class ScmLease {

    private final JdbcTemplate jdbc;
    private final Duration lease;
    private final String instance = UUID.randomUUID().toString();

    public ScmLease(JdbcTemplate jdbc, @Value("${junction.shipments.lease-seconds:60}") long leaseSeconds) {
        this.jdbc = jdbc;
        this.lease = Duration.ofSeconds(leaseSeconds);
    }

    /** Whether this instance holds (now, for another lease period) the job's lease. */
    public boolean acquire(String job) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return jdbc.update("update scm_lease set holder = ?, expires_at = ? where name = ? and (holder is null or holder = ? or expires_at < ?)",
                instance, now.plus(lease), job, instance, now) == 1;
    }
}
