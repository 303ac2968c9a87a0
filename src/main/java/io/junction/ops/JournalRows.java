package io.junction.ops;

import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The journal's everyday rows, the most frequent rows the hub writes: an entry per inbound message and a "processed"
 * trail row per consumer and event. Collected and written together, one transaction per flush, instead of one commit
 * each, and off the request's and the consumer's path (docs/performance.md). They record what has already happened
 * (the event durably on the broker before the 202, the consumer's effects committed), so a crash can lose at most the
 * last flush interval of these rows, never a message or an effect. Failures, dead letters and operators' actions are
 * written at once ({@link MessageJournal#trail}).
 */
@Component
public class JournalRows {

    private static final Logger log = LoggerFactory.getLogger(JournalRows.class);
    private static final int BATCH = 500;
    /**
     * What may wait while the database is unreachable: rows hold payloads (up to a webhook's body), so beyond this many
     * a row is dropped, as every row was when each webhook wrote its own and the database was down.
     */
    static final int MAX_WAITING = 2_000;

    private record Row(String sql, Object[] values) {}

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final BlockingQueue<Row> waiting = new LinkedBlockingQueue<>(MAX_WAITING);
    private final AtomicLong dropped = new AtomicLong();
    /** whether the last flush failed: its warning is logged once per outage, not every flush */
    private volatile boolean failing;
    /** its own thread: a flush must not wait behind other scheduled jobs */
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "journal-flush");
        thread.setDaemon(true);
        return thread;
    });

    public JournalRows(
            JdbcTemplate jdbc,
            TransactionTemplate transaction,
            @Value("${junction.ops.journal-flush-ms:${junction.ops.trail-flush-ms:100}}") long flushMs) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        flusher.scheduleWithFixedDelay(
                () -> {
                    try {
                        flush();
                        if (failing) {
                            failing = false;
                            log.info("journal rows written again; {} dropped meanwhile", dropped.getAndSet(0));
                        }
                    } catch (RuntimeException e) {
                        if (!failing) {
                            failing = true;
                            log.warn(
                                    "journal rows wait for the database (up to {}, then dropped): {}",
                                    MAX_WAITING,
                                    e.toString());
                        }
                    }
                },
                flushMs,
                flushMs,
                TimeUnit.MILLISECONDS);
    }

    /** Queues a row of {@code sql} (an insert) for the next flush. */
    void add(String sql, Object... values) {
        keep(new Row(sql, values));
    }

    private void keep(Row row) {
        if (!waiting.offer(row)) {
            dropped.incrementAndGet();
        }
    }

    /**
     * Writes what waits, up to a batch per transaction, a JDBC batch per statement. While the database cannot be
     * reached, the rows wait for the next flush; a row the database refuses (a payload PostgreSQL cannot store) is
     * logged and dropped alone, its neighbours written.
     */
    public synchronized void flush() {
        while (!waiting.isEmpty()) {
            List<Row> rows = new ArrayList<>();
            Row row;
            while (rows.size() < BATCH && (row = waiting.poll()) != null) {
                rows.add(row);
            }
            try {
                write(rows);
            } catch (DataAccessResourceFailureException | TransientDataAccessException e) {
                rows.forEach(this::keep);
                throw e;
            } catch (DataAccessException refused) {
                writeOneByOne(rows);
            }
        }
    }

    private void write(List<Row> rows) {
        Map<String, List<Object[]>> byStatement = new LinkedHashMap<>();
        rows.forEach(r ->
                byStatement.computeIfAbsent(r.sql(), sql -> new ArrayList<>()).add(r.values()));
        transaction.executeWithoutResult(tx -> byStatement.forEach(jdbc::batchUpdate));
    }

    private void writeOneByOne(List<Row> rows) {
        for (int i = 0; i < rows.size(); i++) {
            try {
                write(List.of(rows.get(i)));
            } catch (DataAccessResourceFailureException | TransientDataAccessException e) {
                rows.subList(i, rows.size()).forEach(this::keep);
                throw e;
            } catch (DataAccessException refused) {
                log.error(
                        "journal row dropped, the database refuses it: {} ({})",
                        refused.getMostSpecificCause(),
                        rows.get(i).sql());
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
