package io.junction.platform.bus;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The idempotent-receiver table. A consumer records a message id in the same database transaction as the message's
 * effect, so a redelivery (after a crash between the database commit and the broker acknowledgement, or a duplicate
 * send) finds it and does nothing.
 */
@Component
public class ProcessedMessages {

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ProcessedMessages(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Whether {@code messageId} was not yet applied by {@code processor}. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean isNew(String processor, String messageId) {
        Integer seen = jdbc.queryForObject(
                "select count(*) from processed_message where processor = ? and message_id = ?",
                Integer.class,
                processor,
                messageId);
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
        jdbc.update(
                "insert into processed_message (processor, message_id, processed_at) values (?, ?, ?)",
                processor,
                messageId,
                OffsetDateTime.now(clock));
        EventCause.bind(messageId);
        return true;
    }

    /**
     * Claims a batch's message ids for {@code processor} with one query and one JDBC batch; the ids not applied before
     * (an id repeated within the batch counts once). Must run inside the batch's transaction; binds no cause (the batch
     * applies each message as its own, {@link EventCause#during}).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Set<String> claimAll(String processor, Collection<String> messageIds) {
        Set<String> fresh = new LinkedHashSet<>(messageIds);
        if (fresh.isEmpty()) {
            return fresh;
        }
        String marks = String.join(", ", Collections.nCopies(fresh.size(), "?"));
        List<Object> arguments = new ArrayList<>(fresh.size() + 1);
        arguments.add(processor);
        arguments.addAll(fresh);
        fresh.removeAll(new HashSet<>(jdbc.queryForList(
                "select message_id from processed_message where processor = ? and message_id in (" + marks + ")",
                String.class,
                arguments.toArray())));
        OffsetDateTime now = OffsetDateTime.now(clock);
        jdbc.batchUpdate(
                "insert into processed_message (processor, message_id, processed_at) values (?, ?, ?)",
                fresh.stream().map(id -> new Object[] {processor, id, now}).toList());
        return fresh;
    }
}
