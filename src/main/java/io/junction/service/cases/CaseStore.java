package io.junction.service.cases;

import io.junction.service.cases.ServiceCase.Status;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/** Service cases (table service_case): one open case per customer, type and reference. */
@Component
public class CaseStore {

    private static final String COLUMNS =
            "id, customer_id, case_type, reference, rule_id, title, detail, status, priority, tier, due_at, "
                    + "escalation_level, occurrences, assignee, resolution, created_at, updated_at, category, channel, order_ref, follow_up_due_at, follow_up_outcome";
    private static final String OPEN = "status in ('OPEN', 'ASSIGNED')";

    /** A case and whether this call opened it (false: an open case for the same problem was updated). */
    public record Outcome(ServiceCase serviceCase, boolean opened) {}

    private final JdbcTemplate jdbc;
    private final RowMapper<ServiceCase> rows = (rs, n) -> new ServiceCase(
            rs.getString(1),
            rs.getString(2),
            rs.getString(3),
            rs.getString(4),
            rs.getString(5),
            rs.getString(6),
            rs.getString(7),
            Status.valueOf(rs.getString(8)),
            rs.getInt(9),
            ServiceTier.valueOf(rs.getString(10)),
            rs.getObject(11, OffsetDateTime.class),
            rs.getInt(12),
            rs.getInt(13),
            rs.getString(14),
            rs.getString(15),
            rs.getObject(16, OffsetDateTime.class),
            rs.getObject(17, OffsetDateTime.class),
            rs.getString(18) == null
                    ? null
                    : new ServiceCase.Complaint(
                            rs.getString(18),
                            rs.getString(19),
                            rs.getString(20),
                            rs.getObject(21, OffsetDateTime.class),
                            rs.getString(22)));

    public CaseStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Opens the case for this problem, or updates the open one: one more occurrence, the latest title and detail,
     * and the more urgent of its priority and due time and the new ones.
     */
    public Outcome openOrUpdate(
            String customerId,
            String type,
            String reference,
            String rule,
            String title,
            String detail,
            ServiceTier tier,
            int priority,
            OffsetDateTime dueAt,
            String eventId,
            OffsetDateTime now) {
        String key = customerId + "|" + type + "|" + reference;
        Optional<ServiceCase> open = open(customerId, type, reference);
        if (open.isPresent()) {
            ServiceCase c = open.get();
            jdbc.update(
                    "update service_case set occurrences = occurrences + 1, title = ?, detail = ?, priority = ?, due_at = ?, "
                            + "last_event_id = ?, updated_at = ? where id = ?",
                    title,
                    detail,
                    Math.min(priority, c.priority()),
                    dueAt.isBefore(c.dueAt()) ? dueAt : c.dueAt(),
                    eventId,
                    now,
                    c.id());
            return new Outcome(find(c.id()).orElseThrow(), false);
        }
        String id = UUID.randomUUID().toString();
        jdbc.update(
                "insert into service_case (id, open_key, customer_id, case_type, reference, rule_id, title, detail, status, priority, tier, "
                        + "due_at, escalation_level, occurrences, last_event_id, created_at, updated_at) "
                        + "values (?, ?, ?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, ?, 0, 1, ?, ?, ?)",
                id,
                key,
                customerId,
                type,
                reference,
                rule,
                title,
                detail,
                priority,
                tier.name(),
                dueAt,
                eventId,
                now,
                now);
        return new Outcome(find(id).orElseThrow(), true);
    }

    /**
     * Opens a complaint: a case of its own (its key is its id, so a customer may have any number open), due by the
     * customer's service level.
     */
    public ServiceCase openComplaint(
            String customerId,
            String reference,
            String title,
            String description,
            ServiceTier tier,
            int priority,
            OffsetDateTime dueAt,
            String category,
            String channel,
            String orderRef,
            OffsetDateTime now) {
        String id = UUID.randomUUID().toString();
        jdbc.update(
                "insert into service_case (id, open_key, customer_id, case_type, reference, rule_id, title, detail, status, priority, tier, "
                        + "due_at, escalation_level, occurrences, created_at, updated_at, category, channel, order_ref) "
                        + "values (?, ?, ?, ?, ?, 'complaint', ?, ?, 'OPEN', ?, ?, ?, 0, 1, ?, ?, ?, ?, ?)",
                id,
                customerId + "|" + ServiceCase.COMPLAINT + "|" + id,
                customerId,
                ServiceCase.COMPLAINT,
                reference,
                title,
                description,
                priority,
                tier.name(),
                dueAt,
                now,
                now,
                category,
                channel,
                orderRef);
        return find(id).orElseThrow();
    }

    /**
     * Files the complaint under the client's idempotency key and the hash of its request (in the transaction that logged
     * it); a DuplicateKeyException when the key logged another complaint meanwhile.
     */
    public void keep(String id, String client, String key, String requestHash) {
        jdbc.update(
                "update service_case set idempotency_client = ?, idempotency_key = ?, request_hash = ? where id = ?",
                client,
                key,
                requestHash,
                id);
    }

    /** The case a client's idempotency key logged, and the hash of the request that logged it. */
    public Optional<Keyed> byIdempotencyKey(String client, String key) {
        return jdbc
                .query(
                        "select id, request_hash from service_case where idempotency_client = ? and idempotency_key = ?",
                        (rs, n) -> new Keyed(rs.getString(1), rs.getString(2)),
                        client,
                        key)
                .stream()
                .findFirst();
    }

    /** A case logged under an idempotency key: its id and the hash of its request. */
    public record Keyed(String caseId, String requestHash) {}

    /** Resolves a complaint (OPEN or ASSIGNED): its follow-up is due at {@code followUpDueAt}. Whether it moved. */
    public boolean resolveComplaint(String id, String resolution, OffsetDateTime followUpDueAt, OffsetDateTime now) {
        return jdbc.update(
                        "update service_case set status = 'RESOLVED', resolution = coalesce(?, resolution), open_key = null, "
                                + "follow_up_due_at = ?, follow_up_announced_at = null, follow_up_outcome = null, updated_at = ? "
                                + "where id = ? and case_type = ? and " + OPEN,
                        resolution,
                        followUpDueAt,
                        now,
                        id,
                        ServiceCase.COMPLAINT)
                == 1;
    }

    /** Records a resolved complaint's follow-up: CLOSED with the outcome. Whether it moved. */
    public boolean closeFollowedUp(String id, String outcome, OffsetDateTime now) {
        return jdbc.update(
                        "update service_case set status = 'CLOSED', follow_up_outcome = ?, updated_at = ? "
                                + "where id = ? and status = 'RESOLVED' and follow_up_due_at is not null",
                        outcome,
                        now,
                        id)
                == 1;
    }

    /** An unsatisfied follow-up: the resolved complaint is OPEN again, due anew, with the outcome kept. Whether it moved. */
    public boolean reopen(String id, OffsetDateTime dueAt, OffsetDateTime now) {
        return jdbc.update(
                        "update service_case set status = 'OPEN', open_key = customer_id || '|' || case_type || '|' || id, due_at = ?, "
                                + "escalation_level = 0, follow_up_due_at = null, follow_up_outcome = 'UNSATISFIED', updated_at = ? "
                                + "where id = ? and status = 'RESOLVED' and follow_up_due_at is not null",
                        dueAt,
                        now,
                        id)
                == 1;
    }

    /** Resolved complaints whose follow-up is due by {@code now} and not yet announced. */
    public List<String> followUpsDue(OffsetDateTime now) {
        return jdbc.queryForList(
                "select id from service_case where status = 'RESOLVED' and follow_up_due_at <= ? "
                        + "and follow_up_announced_at is null order by follow_up_due_at fetch first 500 rows only",
                String.class,
                now);
    }

    /** Marks a follow-up announced, once: whether this call did. */
    public boolean announceFollowUp(String id, OffsetDateTime now) {
        return jdbc.update(
                        "update service_case set follow_up_announced_at = ?, updated_at = ? where id = ? and status = 'RESOLVED' "
                                + "and follow_up_due_at <= ? and follow_up_announced_at is null",
                        now,
                        now,
                        id,
                        now)
                == 1;
    }

    /** The open case (OPEN or ASSIGNED) of this customer, type and reference, if there is one. */
    public Optional<ServiceCase> open(String customerId, String type, String reference) {
        return jdbc
                .query(
                        "select " + COLUMNS + " from service_case where open_key = ?",
                        rows,
                        customerId + "|" + type + "|" + reference)
                .stream()
                .findFirst();
    }

    public Optional<ServiceCase> find(String id) {
        return jdbc.query("select " + COLUMNS + " from service_case where id = ?", rows, id).stream()
                .findFirst();
    }

    /** Cases in one of these statuses (all customers, or one), most urgent first: priority, then due time. */
    public List<ServiceCase> list(List<Status> statuses, String customerId, int limit) {
        String in = String.join(
                ", ", statuses.stream().map(s -> "'" + s.name() + "'").toList());
        String sql = "select " + COLUMNS + " from service_case where status in (" + in + ")"
                + (customerId == null ? "" : " and customer_id = ?") + " order by priority, due_at, id fetch first "
                + limit + " rows only";
        return customerId == null ? jdbc.query(sql, rows) : jdbc.query(sql, rows, customerId);
    }

    /** A customer's cases, newest first. */
    public List<ServiceCase> ofCustomer(String customerId) {
        return jdbc.query(
                "select " + COLUMNS
                        + " from service_case where customer_id = ? order by created_at desc, id fetch first 50 rows only",
                rows,
                customerId);
    }

    /** Moves a case to {@code to} if it is in one of {@code from}; whether it moved. Leaving the open states frees its key. */
    public boolean move(
            String id, List<Status> from, Status to, String assignee, String resolution, OffsetDateTime now) {
        String in =
                String.join(", ", from.stream().map(s -> "'" + s.name() + "'").toList());
        boolean open = to == Status.OPEN || to == Status.ASSIGNED;
        return jdbc.update(
                        "update service_case set status = ?, assignee = coalesce(?, assignee), resolution = coalesce(?, resolution), "
                                + (open ? "" : "open_key = null, ") + "updated_at = ? where id = ? and status in (" + in
                                + ")",
                        to.name(),
                        assignee,
                        resolution,
                        now,
                        id)
                == 1;
    }

    /** Open cases past their due time and below the last escalation level: (id, level) pairs. */
    public List<String[]> overdue(OffsetDateTime now, int maxLevel) {
        return jdbc.query(
                "select id, escalation_level from service_case where " + OPEN
                        + " and due_at < ? and escalation_level < ? " + "order by due_at fetch first 500 rows only",
                (rs, n) -> new String[] {rs.getString(1), rs.getString(2)},
                now,
                maxLevel);
    }

    /**
     * Escalates a case one level, if it is still open, overdue and at {@code level} (so each level happens once, whoever
     * sweeps): priority one step up, level + 1, due again after {@code dueIn}.
     */
    public boolean escalate(String id, int level, OffsetDateTime now, Duration dueIn) {
        return jdbc.update(
                        "update service_case set priority = case when priority > 1 then priority - 1 else 1 end, "
                                + "escalation_level = escalation_level + 1, due_at = ?, updated_at = ? where id = ? and escalation_level = ? and due_at < ? and "
                                + OPEN,
                        now.plus(dueIn),
                        now,
                        id,
                        level,
                        now)
                == 1;
    }
}
