package io.junction.ops;

import jakarta.annotation.PreDestroy;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The trail rows of events consumers processed, the most frequent rows the hub writes (one per consumer and event):
 * collected and written together, one transaction per flush, instead of one commit each (docs/performance.md). They
 * record what a consumer's own transaction already committed, so a crash can lose at most the last flush interval of
 * these rows, never an effect. Failures, dead letters and operators' actions are written at once
 * ({@link MessageJournal#trail}).
 */
@Component
public class ProcessedTrail {

    private static final Logger log = LoggerFactory.getLogger(ProcessedTrail.class);
    private static final int BATCH = 500;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final ConcurrentLinkedQueue<Object[]> waiting = new ConcurrentLinkedQueue<>();
    /** its own thread: a flush must not wait behind other scheduled jobs */
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "trail-flush");
        thread.setDaemon(true);
        return thread;
    });

    public ProcessedTrail(
            JdbcTemplate jdbc,
            TransactionTemplate transaction,
            @Value("${junction.ops.trail-flush-ms:100}") long flushMs) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        flusher.scheduleWithFixedDelay(
                () -> {
                    try {
                        flush();
                    } catch (RuntimeException e) {
                        // the rows stay queued for the next flush
                        log.warn("trail rows not written yet: {}", e.toString());
                    }
                },
                flushMs,
                flushMs,
                TimeUnit.MILLISECONDS);
    }

    void add(String eventId, String step, OffsetDateTime at) {
        waiting.add(new Object[] {eventId, at, step, "processed", null, null});
    }

    /** Writes what waits, in batches; a batch that fails goes back to the queue. */
    public synchronized void flush() {
        while (!waiting.isEmpty()) {
            List<Object[]> rows = new ArrayList<>();
            Object[] row;
            while (rows.size() < BATCH && (row = waiting.poll()) != null) {
                rows.add(row);
            }
            try {
                transaction.executeWithoutResult(tx -> jdbc.batchUpdate(MessageJournal.TRAIL_INSERT, rows));
            } catch (RuntimeException e) {
                waiting.addAll(rows);
                throw e;
            }
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        flusher.shutdown();
        flusher.awaitTermination(5, TimeUnit.SECONDS);
        flush();
    }
}
