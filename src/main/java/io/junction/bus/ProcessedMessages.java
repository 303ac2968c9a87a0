package io.junction.bus;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The idempotent-receiver table. A consumer records a message id in the same database transaction as the message's
 * effect, so a redelivery (after a crash between the database commit and the broker acknowledgement, or a duplicate
 * send) finds it and does nothing.
 */
@Component
public class ProcessedMessages {

    private final JdbcTemplate jdbc;

    public ProcessedMessages(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether {@code messageId} was not yet applied by {@code processor}. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean isNew(String processor, String messageId) {
        Integer seen = jdbc.queryForObject("select count(*) from processed_message where processor = ? and message_id = ?",
                Integer.class, processor, messageId);
        return seen == null || seen == 0;
    }

    /**
     * Claims {@code messageId} for {@code processor}; false when it was applied before. Must run inside the effect's
     * transaction. Two racing claims both pass the read; the loser's insert breaks the primary key and rolls back. A
     * successful claim makes the message the transaction's {@link EventCause}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean claim(String processor, String messageId) {
        if (!isNew(processor, messageId)) {
            return false;
        }
        jdbc.update("insert into processed_message (processor, message_id, processed_at) values (?, ?, ?)",
                processor, messageId, OffsetDateTime.now(ZoneOffset.UTC));
        EventCause.bind(messageId);
        return true;
    }
}
