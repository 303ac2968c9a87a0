package io.junction.ops;

import jakarta.annotation.PreDestroy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The journal's everyday rows, the most frequent rows the hub writes: an entry per inbound message and a "processed"
 * trail row per consumer and event. Collected and written together, one transaction per flush, instead of one commit
 * each, and off the request's and the consumer's path (docs/performance.md). They record what has already happened
 * (the event durably on the broker before the 202, the consumer's effects committed), so a crash loses at most the
 * rows still waiting, never a message or an effect. Failures, dead letters and operators' actions are written at once
 * ({@link MessageJournal#trail}).
 */
@Component
public class JournalRows {

    private static final Logger log = LoggerFactory.getLogger(JournalRows.class);
    private static final int BATCH = 500;
    /** Characters of the rows' text that may wait (entries hold payloads, up to a webhook's body): 16 Mi, 32 MB at most. */
    static final long MAX_WAITING_CHARS = 16L << 20;
    /** A dropped rows' warning at most this often. */
    private static final long DROPPED_WARNING_MS = 10_000;

    private record Row(String sql, Object[] values, long chars) {}

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final long maxWaitingChars;
    private final ConcurrentLinkedQueue<Row> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicLong waitingChars = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private long droppedWarnedAt = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(DROPPED_WARNING_MS);
    /** whether the last flush failed: its warning is logged once per outage, not every flush */
    private volatile boolean failing;
    /** its own thread: a flush must not wait behind other scheduled jobs */
    private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "journal-flush");
        thread.setDaemon(true);
        return thread;
    });

    @Autowired
    public JournalRows(
            JdbcTemplate jdbc,
            TransactionTemplate transaction,
            @Value("${junction.ops.journal-flush-ms:${junction.ops.trail-flush-ms:100}}") long flushMs) {
        this(jdbc, transaction, flushMs, MAX_WAITING_CHARS);
    }

    JournalRows(JdbcTemplate jdbc, TransactionTemplate transaction, long flushMs, long maxWaitingChars) {
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.maxWaitingChars = maxWaitingChars;
        flusher.scheduleWithFixedDelay(this::flushNow, flushMs, flushMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Queues a row of {@code sql} (an insert) for the next flush; beyond {@link #MAX_WAITING_CHARS} of text waiting
     * (the database away for a while), the row is dropped, as every row was when each message wrote its own and the
     * database was down.
     */
    void add(String sql, Object... values) {
        long chars = 64;
        for (Object value : values) {
            chars += value instanceof String text ? text.length() : 8;
        }
        keep(new Row(sql, values, chars));
    }

    private void keep(Row row) {
        if (waitingChars.addAndGet(row.chars()) > maxWaitingChars) {
            waitingChars.addAndGet(-row.chars());
            dropped.incrementAndGet();
            return;
        }
        waiting.add(row);
    }

    private Row next() {
        Row row = waiting.poll();
        if (row != null) {
            waitingChars.addAndGet(-row.chars());
        }
        return row;
    }

    /** The flusher's run: a failure leaves the rows waiting, warned of once until a flush succeeds again. */
    private void flushNow() {
        try {
            flush();
            if (failing) {
                failing = false;
                log.info("journal rows written again");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                log.warn("journal rows wait for the database: {}", e.toString());
            }
        }
        long now = System.nanoTime();
        if (dropped.get() > 0 && TimeUnit.NANOSECONDS.toMillis(now - droppedWarnedAt) >= DROPPED_WARNING_MS) {
            droppedWarnedAt = now;
            log.warn(
                    "{} journal rows dropped: more than {} characters of them waited for the database",
                    dropped.getAndSet(0),
                    maxWaitingChars);
        }
    }

    /**
     * Writes what waits, up to a batch per transaction, a JDBC batch per statement. A batch that fails waits for the
     * next flush, unless the database refused a row of it (a payload PostgreSQL cannot store): then its rows are
     * written one by one and only the refused one is dropped, logged.
     */
    public synchronized void flush() {
        while (!waiting.isEmpty()) {
            List<Row> rows = new ArrayList<>();
            Row row;
            while (rows.size() < BATCH && (row = next()) != null) {
                rows.add(row);
            }
            try {
                write(rows);
            } catch (DataIntegrityViolationException refused) {
                writeOneByOne(rows);
            } catch (RuntimeException e) {
                rows.forEach(this::keep);
                throw e;
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
            } catch (DataIntegrityViolationException refused) {
                log.error(
                        "journal row dropped, the database refuses it: {} ({})",
                        refused.getMostSpecificCause(),
                        rows.get(i).sql());
            } catch (RuntimeException e) {
                rows.subList(i, rows.size()).forEach(this::keep);
                throw e;
            }
        }
    }

    /** After Camel has stopped (its routes complete their exchanges first): what waits is written. */
    @PreDestroy
    void stop() throws InterruptedException {
        flusher.shutdown();
        if (!flusher.awaitTermination(5, TimeUnit.SECONDS)) {
            log.warn("the journal's flusher did not stop within 5 s");
        }
        flush();
    }
}
