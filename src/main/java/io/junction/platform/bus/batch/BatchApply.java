package io.junction.platform.bus.batch;

import io.junction.canonical.CanonicalEvents;
import io.junction.canonical.CloudEvent;
import io.junction.platform.bus.EventCause;
import io.junction.platform.bus.ProcessedMessages;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The idempotent receiver, batched: reads each message's CloudEvent once, claims the batch's event ids in one go (in
 * the caller's transaction, with the effects), and applies each new event as the cause of what it writes.
 */
@Component
public class BatchApply {

    private final CanonicalEvents events;
    private final ProcessedMessages processed;

    public BatchApply(CanonicalEvents events, ProcessedMessages processed) {
        this.events = events;
        this.processed = processed;
    }

    /** What to do with an event: apply a new one, or answer a repeated one. */
    @FunctionalInterface
    public interface EventStep<R> {
        R apply(CloudEvent event) throws Exception;
    }

    /** The results, in the batch's order: {@code fresh} for an event first seen, {@code repeated} for one applied before. */
    @Transactional(propagation = Propagation.MANDATORY)
    public <R> List<R> apply(String processor, List<BusMessage> batch, EventStep<R> fresh, EventStep<R> repeated)
            throws Exception {
        List<CloudEvent> read = new ArrayList<>(batch.size());
        for (BusMessage message : batch) {
            read.add(events.read(message.text()));
        }
        Set<String> claimed = new HashSet<>(
                processed.claimAll(processor, read.stream().map(CloudEvent::id).toList()));
        List<R> results = new ArrayList<>(read.size());
        for (CloudEvent event : read) {
            // remove: a second copy within the batch is a repeat
            results.add(
                    claimed.remove(event.id())
                            ? EventCause.during(event.id(), () -> fresh.apply(event))
                            : repeated.apply(event));
        }
        return results;
    }
}
