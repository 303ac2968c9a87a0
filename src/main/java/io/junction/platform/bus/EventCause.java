package io.junction.platform.bus;

import java.util.List;
import java.util.function.Function;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The id of the event the current transaction applies, set when the transaction claims it in
 * {@link ProcessedMessages}: rows written on the event's behalf (a CRM outbox row, say) record it, so each effect can be
 * traced and counted per event. Null outside such a transaction (a scheduled job, an operator's request).
 */
public final class EventCause {

    private static final Object KEY = EventCause.class;

    private EventCause() {}

    /** The claimed event's id, or null. */
    public static String current() {
        return (String) TransactionSynchronizationManager.getResource(KEY);
    }

    /**
     * Runs {@code work} with {@code eventId} as the cause, then restores the transaction's cause: a batch consumer
     * applies many events in one transaction, each its own cause.
     */
    public static <T> T during(String eventId, Work<T> work) throws Exception {
        Object previous = TransactionSynchronizationManager.unbindResourceIfPossible(KEY);
        TransactionSynchronizationManager.bindResource(KEY, eventId);
        try {
            return work.run();
        } finally {
            TransactionSynchronizationManager.unbindResourceIfPossible(KEY);
            if (previous != null) {
                TransactionSynchronizationManager.bindResource(KEY, previous);
            }
        }
    }

    /**
     * Runs {@code step} for each item in order, each with its cause ({@code causeOf}, if it has one) bound, as when the
     * item was made: the rows a step writes for it name that event.
     */
    public static <T> void forEach(List<T> items, Function<T, String> causeOf, Step<T> step) throws Exception {
        for (T item : items) {
            String cause = causeOf.apply(item);
            if (cause == null) {
                step.apply(item);
            } else {
                during(cause, () -> {
                    step.apply(item);
                    return null;
                });
            }
        }
    }

    /** What is done with one item of {@link #forEach}. */
    @FunctionalInterface
    public interface Step<T> {
        void apply(T item) throws Exception;
    }

    /** What runs on behalf of one event. */
    @FunctionalInterface
    public interface Work<T> {
        T run() throws Exception;
    }

    /** Binds the event to the transaction until it completes; the first claim of a transaction is its cause. */
    static void bind(String eventId) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()
                || TransactionSynchronizationManager.hasResource(KEY)) {
            return;
        }
        TransactionSynchronizationManager.bindResource(KEY, eventId);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(KEY);
            }
        });
    }
}
