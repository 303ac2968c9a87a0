package io.junction.service.cases;

import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Every step of a case, in order (table service_case_step): what happened, when, the status after it, and a note. */
@Component
public class CaseTimeline {

    /** One step: case.opened, case.updated, case.assigned, case.escalated, case.resolved, case.follow-up-due, case.followed-up, case.reopened, case.closed. */
    public record Step(OffsetDateTime at, String step, ServiceCase.Status status, String note) {}

    private final JdbcTemplate jdbc;

    public CaseTimeline(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void record(String caseId, String step, ServiceCase.Status status, String note, OffsetDateTime at) {
        jdbc.update(
                "insert into service_case_step (case_id, happened_at, step, status, note) values (?, ?, ?, ?, ?)",
                caseId,
                at,
                step,
                status.name(),
                note == null || note.length() <= 2000 ? note : note.substring(0, 2000));
    }

    public List<Step> of(String caseId) {
        return jdbc.query(
                "select happened_at, step, status, note from service_case_step where case_id = ? order by id",
                (rs, n) -> new Step(
                        rs.getObject(1, OffsetDateTime.class),
                        rs.getString(2),
                        ServiceCase.Status.valueOf(rs.getString(3)),
                        rs.getString(4)),
                caseId);
    }
}
