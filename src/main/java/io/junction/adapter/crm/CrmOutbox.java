package io.junction.adapter.crm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.platform.bus.EventCause;
import io.junction.platform.failure.ProblemException;
import io.junction.platform.jobs.ClaimTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The transactional outbox towards the CRM. Anything that must reach the CRM is enqueued here in the same database
 * transaction as the change that causes it, so the change and its CRM update commit (or roll back) together, and
 * nothing is lost while the CRM is away. The API is generic: a kind, the hub customer it concerns, and a JSON
 * payload. The kind picks the mapping ({@code mappings/crm/<dialect>/<kind>.jslt}) and the CRM path
 * ({@code junction.crm.paths.<kind>}); a new kind (service cases as CRM tasks, say) needs only those two and a
 * call to {@link #enqueue}.
 *
 * <p>The drain (routes/crm.camel.yaml) claims rows with a lease, by one conditional update, so several hub
 * instances never send the same row at once; a crashed instance's claim expires. A row is claimable only while no
 * older row of the same customer is still pending, so one customer's updates reach the CRM in the order they
 * happened; an outage never parks a row, so it never lets a later row overtake. A row that needs its customer in the
 * CRM (an activity, a task) while the CRM refused the customer's upsert waits HELD until an upsert gets through.
 */
@Component
public class CrmOutbox {

    private static final Logger log = LoggerFactory.getLogger(CrmOutbox.class);

    public static final String CUSTOMER_UPSERT = "customer-upsert";
    public static final String ORDER_ACTIVITY = "order-activity";

    /**
     * PENDING: waiting or being retried; SENT; PARKED: the CRM refused it (replayable); SKIPPED: nothing to send; HELD:
     * its customer is not in the CRM because the CRM refused their upsert, released when an upsert of theirs is sent.
     */
    public enum Status {
        PENDING,
        SENT,
        PARKED,
        SKIPPED,
        HELD
    }

    /** One outbox row. */
    public record Entry(
            long id,
            String kind,
            String customerId,
            String payload,
            Status status,
            int attempts,
            String lastError,
            OffsetDateTime createdAt,
            OffsetDateTime nextAttemptAt,
            String claimedBy) {}

    private static final String COLUMNS =
            "id, kind, customer_id, payload, status, attempts, last_error, created_at, next_attempt_at, claimed_by";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Duration lease;
    private final ClaimTokens tokens;
    private final Clock clock;
    private final RowMapper<Entry> rows = (rs, n) -> new Entry(
            rs.getLong("id"),
            rs.getString("kind"),
            rs.getString("customer_id"),
            rs.getString("payload"),
            Status.valueOf(rs.getString("status")),
            rs.getInt("attempts"),
            rs.getString("last_error"),
            rs.getObject("created_at", OffsetDateTime.class),
            rs.getObject("next_attempt_at", OffsetDateTime.class),
            rs.getString("claimed_by"));

    public CrmOutbox(JdbcTemplate jdbc, ObjectMapper json, CrmProperties crm, ClaimTokens tokens, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.lease = Duration.ofSeconds(crm.drain().claimLeaseSeconds());
        this.tokens = tokens;
        this.clock = clock;
    }

    /**
     * Enqueues one CRM update; only inside the transaction of the change it reports. The row records the event that
     * transaction applies ({@link EventCause}), so a test or an operator can count a bus event's CRM rows.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueue(String kind, String customerId, JsonNode payload) {
        OffsetDateTime now = now();
        jdbc.update(
                "insert into crm_outbox (kind, customer_id, payload, status, attempts, next_attempt_at, created_at, event_id) "
                        + "values (?, ?, ?, 'PENDING', 0, ?, ?, ?)",
                kind,
                customerId,
                write(payload),
                now,
                now,
                EventCause.current());
    }

    /**
     * Changes the payload of the customer's newest pending row of this kind that no drain has claimed yet, inside the
     * caller's transaction; false if there is none. The row stays locked until the caller commits, so a drain claims
     * it only afterwards and sends the amended payload.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean amendPending(String kind, String customerId, UnaryOperator<ObjectNode> amend) {
        List<Entry> pending = jdbc.query(
                "select " + COLUMNS + " from crm_outbox where customer_id = ? and kind = ? and status = 'PENDING' "
                        + "and claimed_by is null order by id desc fetch first 1 rows only for update",
                rows,
                customerId,
                kind);
        if (pending.isEmpty()) {
            return false;
        }
        try {
            ObjectNode payload = (ObjectNode) json.readTree(pending.get(0).payload());
            jdbc.update(
                    "update crm_outbox set payload = ? where id = ?",
                    write(amend.apply(payload)),
                    pending.get(0).id());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return true;
    }

    /**
     * Claims up to {@code limit} due rows, each the oldest pending row of its customer and not held by a live claim;
     * the claimed rows in id order. The limit keeps each drain to a batch, so every hub instance gets a share.
     */
    public List<Entry> claim(int limit) {
        String token = tokens.next();
        OffsetDateTime now = now();
        OffsetDateTime expired = now.minus(lease);
        // the claim conditions stand at the top level too: a concurrent claimer re-checks them on the locked row
        jdbc.update(
                "update crm_outbox set claimed_by = ?, claimed_at = ? "
                        + "where status = 'PENDING' and next_attempt_at <= ? and (claimed_by is null or claimed_at < ?) and id in ("
                        + "select o.id from crm_outbox o where o.status = 'PENDING' and o.next_attempt_at <= ? "
                        + "and (o.claimed_by is null or o.claimed_at < ?) "
                        + "and not exists (select 1 from crm_outbox p where p.customer_id = o.customer_id and p.status = 'PENDING' and p.id < o.id) "
                        + "order by o.id fetch first " + limit + " rows only)",
                token,
                now,
                now,
                expired,
                now,
                expired);
        return jdbc.query("select " + COLUMNS + " from crm_outbox where claimed_by = ? order by id", rows, token);
    }

    /**
     * Renews this drain's claim on the row just before its CRM call, so a batch may take longer than the lease; false
     * when the claim has run out and another instance holds the row now (then this drain must leave it alone).
     */
    public boolean renew(Entry entry) {
        return jdbc.update(
                        "update crm_outbox set claimed_at = ? where id = ? and status = 'PENDING' and claimed_by = ?",
                        now(),
                        entry.id(),
                        entry.claimedBy())
                == 1;
    }

    public void sent(Entry entry) {
        finish(entry, Status.SENT, null);
    }

    /** An upsert of the customer reached the CRM: their held rows go back in the queue, in their order. */
    public void releaseHeld(String customerId) {
        jdbc.update(
                "update crm_outbox set status = 'PENDING', next_attempt_at = ?, last_error = null, done_at = null "
                        + "where customer_id = ? and status = 'HELD'",
                now(),
                customerId);
    }

    /**
     * The customer's refused (parked) upsert that keeps a row of another kind waiting, if no upsert of theirs has been
     * sent: then the CRM may not know the customer, and an activity or task for them would arrive first.
     */
    public Optional<Long> refusedUpsertBefore(Entry entry) {
        if (CUSTOMER_UPSERT.equals(entry.kind())) {
            return Optional.empty();
        }
        return jdbc
                .queryForList(
                        "select id from crm_outbox where customer_id = ? and kind = ? and status = 'PARKED' and id < ? "
                                + "and not exists (select 1 from crm_outbox s where s.customer_id = ? and s.kind = ? and s.status = 'SENT') "
                                + "order by id fetch first 1 rows only",
                        Long.class,
                        entry.customerId(),
                        CUSTOMER_UPSERT,
                        entry.id(),
                        entry.customerId(),
                        CUSTOMER_UPSERT)
                .stream()
                .findFirst();
    }

    /** Waits, unattempted, until an upsert of its customer is sent; out of the claim, so later upserts may pass. */
    public void hold(Entry entry, String reason) {
        finish(entry, Status.HELD, reason);
    }

    /** Nothing to send (the CRM already has it); the reason says why. */
    public void skipped(Entry entry, String reason) {
        finish(entry, Status.SKIPPED, reason);
    }

    /** Gives up on a row for good, with the reason: visible through the API and replayable. */
    public void park(Entry entry, String reason) {
        finish(entry, Status.PARKED, reason);
    }

    /** A failed attempt (the CRM is unavailable): one more attempt counted, tried again after {@code delay}, never parked. */
    public void failed(Entry entry, String reason, Duration delay) {
        settle(
                entry,
                jdbc.update(
                        "update crm_outbox set attempts = attempts + 1, next_attempt_at = ?, last_error = ?, "
                                + "claimed_by = null, claimed_at = null where id = ? and claimed_by = ?",
                        now().plus(delay),
                        truncate(reason),
                        entry.id(),
                        entry.claimedBy()));
    }

    /** Not attempted (the circuit is open): back in the queue, due again after {@code delay}, attempts unchanged. */
    public void postpone(Entry entry, String reason, Duration delay) {
        settle(
                entry,
                jdbc.update(
                        "update crm_outbox set next_attempt_at = ?, last_error = ?, claimed_by = null, claimed_at = null "
                                + "where id = ? and claimed_by = ?",
                        now().plus(delay),
                        truncate(reason),
                        entry.id(),
                        entry.claimedBy()));
    }

    public List<Entry> list(Status status, int limit) {
        return jdbc.query(
                "select " + COLUMNS + " from crm_outbox where status = ? order by id fetch first " + limit
                        + " rows only",
                rows,
                status.name());
    }

    /** Puts a parked row back in the queue (404 when there is no such row, 409 when it is not parked). */
    public Entry replay(long id) {
        int updated = jdbc.update(
                "update crm_outbox set status = 'PENDING', attempts = 0, next_attempt_at = ?, last_error = null, "
                        + "claimed_by = null, claimed_at = null, done_at = null where id = ? and status = 'PARKED'",
                now(),
                id);
        Entry entry = jdbc.query("select " + COLUMNS + " from crm_outbox where id = ?", rows, id).stream()
                .findFirst()
                .orElseThrow(() -> ProblemException.notFound("no CRM outbox entry " + id));
        if (updated == 0) {
            throw new ProblemException(
                    409, "Conflict", "CRM outbox entry " + id + " is " + entry.status() + ", not PARKED");
        }
        return entry;
    }

    /** Rows per status, for the health indicator. */
    public Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Status status : Status.values()) {
            counts.put(status.name().toLowerCase(), 0);
        }
        jdbc.query("select status, count(*) from crm_outbox group by status", rs -> {
            counts.put(rs.getString(1).toLowerCase(), rs.getInt(2));
        });
        return counts;
    }

    /** Whether a newer upsert of this customer than {@code id} has reached the CRM (a replayed old one is stale). */
    public boolean newerUpsertSent(Entry entry) {
        Integer newer = jdbc.queryForObject(
                "select count(*) from crm_outbox where customer_id = ? and kind = ? and id > ? and status = 'SENT'",
                Integer.class,
                entry.customerId(),
                CUSTOMER_UPSERT,
                entry.id());
        return newer != null && newer > 0;
    }

    private void finish(Entry entry, Status status, String reason) {
        settle(
                entry,
                jdbc.update(
                        "update crm_outbox set status = ?, last_error = ?, done_at = ?, claimed_by = null, claimed_at = null "
                                + "where id = ? and claimed_by = ?",
                        status.name(),
                        truncate(reason),
                        now(),
                        entry.id(),
                        entry.claimedBy()));
    }

    /** Only the drain holding the claim settles a row: one whose claim ran out mid-call leaves it to the new holder. */
    private static void settle(Entry entry, int updated) {
        if (updated == 0) {
            log.warn(
                    "CRM outbox row {} was claimed by another drain while {} called the CRM: left to it",
                    entry.id(),
                    entry.claimedBy());
        }
    }

    private String write(JsonNode payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String truncate(String reason) {
        return reason == null || reason.length() <= 2000 ? reason : reason.substring(0, 2000);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
