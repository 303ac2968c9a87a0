package io.junction.service.cases;

import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The notifications the service rules requested (table service_notification): REQUESTED when the rule asked for it,
 * WITHDRAWN (with a reason) when what it was sent for no longer holds, e.g. the tier of a VIP welcome was lost.
 */
@Component
public class NotificationStore {

    /** A requested notification: its event id and the data of its {@code notification.requested}. */
    public record Requested(String id, String data) {}

    private final JdbcTemplate jdbc;

    public NotificationStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void requested(String id, String customerId, String rule, String template, String data, OffsetDateTime now) {
        jdbc.update(
                "insert into service_notification (id, customer_id, rule_id, template, status, data, requested_at) "
                        + "values (?, ?, ?, ?, 'REQUESTED', ?, ?)",
                id,
                customerId,
                rule,
                template,
                data,
                now);
    }

    /** The customer's notifications of this rule not withdrawn. */
    public List<Requested> standing(String customerId, String rule) {
        return jdbc.query(
                "select id, data from service_notification where customer_id = ? and rule_id = ? and status = 'REQUESTED' order by requested_at",
                (rs, n) -> new Requested(rs.getString(1), rs.getString(2)),
                customerId,
                rule);
    }

    /** Whether the notification was withdrawn (the senders then drop it). */
    public boolean withdrawn(String id) {
        return jdbc.queryForObject(
                        "select count(*) from service_notification where id = ? and status = 'WITHDRAWN'",
                        Integer.class,
                        id)
                > 0;
    }

    /** Withdraws a requested notification; whether it was still standing (so each is withdrawn once). */
    public boolean withdraw(String id, String reason, OffsetDateTime now) {
        return jdbc.update(
                        "update service_notification set status = 'WITHDRAWN', reason = ?, withdrawn_at = ? where id = ? and status = 'REQUESTED'",
                        reason,
                        now,
                        id)
                == 1;
    }
}
