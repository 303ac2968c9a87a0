package io.junction.service.notification;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The sent-log (table notification_delivery): what became of each notification on each channel. The sender calls it
 * outside any transaction, so each change commits at once: SENDING must be on disk before a message leaves the hub.
 */
@Component
public class DeliveryLog {

    public enum Status {
        SENDING,
        RETRYING,
        SENT,
        FAILED,
        SUPPRESSED,
        UNCERTAIN
    }

    /** One row, as the API shows it. */
    public record Delivery(
            String notificationId,
            String channel,
            String customerId,
            String template,
            String recipient,
            Status status,
            String reason,
            int attempts,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {}

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public DeliveryLog(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<Delivery> find(String notificationId, String channel) {
        return jdbc
                .query(
                        "select * from notification_delivery where notification_id = ? and channel = ?",
                        DeliveryLog::row,
                        notificationId,
                        channel)
                .stream()
                .findFirst();
    }

    /** Records a new row; false if the notification has one on this channel already (a racing duplicate). */
    public boolean insert(Notification n, String channel, String recipient, Status status, String reason) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        try {
            jdbc.update(
                    "insert into notification_delivery (notification_id, channel, customer_id, template, recipient, status, reason, attempts, "
                            + "created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    n.id(),
                    channel,
                    n.customerId(),
                    n.template(),
                    recipient,
                    status.name(),
                    trim(reason),
                    status == Status.SENDING ? 1 : 0,
                    now,
                    now);
            return true;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** Moves a row from {@code from} to {@code to} (one more attempt when it becomes SENDING); whether it was in {@code from}. */
    public boolean move(String notificationId, String channel, Status from, Status to, String reason) {
        return jdbc.update(
                        "update notification_delivery set status = ?, reason = ?, updated_at = ?, attempts = attempts + ? "
                                + "where notification_id = ? and channel = ? and status = ?",
                        to.name(),
                        trim(reason),
                        OffsetDateTime.now(clock),
                        to == Status.SENDING ? 1 : 0,
                        notificationId,
                        channel,
                        from.name())
                == 1;
    }

    /** The newest rows, optionally of one customer and of some statuses. */
    public List<Delivery> list(String customerId, List<Status> statuses, int limit) {
        StringBuilder sql = new StringBuilder("select * from notification_delivery where 1 = 1");
        List<Object> args = new ArrayList<>();
        if (customerId != null && !customerId.isBlank()) {
            sql.append(" and customer_id = ?");
            args.add(customerId);
        }
        if (!statuses.isEmpty()) {
            sql.append(" and status in (")
                    .append(String.join(", ", statuses.stream().map(s -> "?").toList()))
                    .append(")");
            statuses.forEach(s -> args.add(s.name()));
        }
        sql.append(" order by created_at desc, notification_id limit ").append(limit);
        return jdbc.query(sql.toString(), DeliveryLog::row, args.toArray());
    }

    private static Delivery row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new Delivery(
                rs.getString("notification_id"),
                rs.getString("channel"),
                rs.getString("customer_id"),
                rs.getString("template"),
                rs.getString("recipient"),
                Status.valueOf(rs.getString("status")),
                rs.getString("reason"),
                rs.getInt("attempts"),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class));
    }

    private static String trim(String reason) {
        return reason == null || reason.length() <= 500 ? reason : reason.substring(0, 500);
    }
}
