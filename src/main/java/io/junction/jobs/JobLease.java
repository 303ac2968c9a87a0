package io.junction.jobs;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * One active instance per scheduled job: a lease row per job (table job_lease, created on first use), taken or renewed
 * with one conditional update. The holder renews it on every run; if it dies, another instance takes over once the
 * lease expires. Plain SQL, the same on H2 and PostgreSQL, no cluster service. Used by the shipment sweep and tracking
 * poll, the event-outbox publisher, the intelligence recompute and the case escalation sweep.
 */
@Component
public class JobLease {

    private final JdbcTemplate jdbc;
    private final String instance = UUID.randomUUID().toString();

    public JobLease(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether this instance holds (now, for {@code lease} more) the job's lease. */
    public boolean acquire(String job, Duration lease) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (jdbc.update("update job_lease set holder = ?, expires_at = ? where name = ? and (holder is null or holder = ? or expires_at < ?)",
                instance, now.plus(lease), job, instance, now) == 1) {
            return true;
        }
        try {
            return jdbc.update("insert into job_lease (name, holder, expires_at) values (?, ?, ?)", job, instance, now.plus(lease)) == 1;
        } catch (DuplicateKeyException held) {
            return false;
        }
    }
}
