package io.junction.ops;

import io.junction.platform.bus.EventHeaders;
import io.junction.platform.failure.ProblemException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Re-runs journaled inbound messages through the route they arrived at (e.g. the storefront intake after a mapping
 * fix): the same checks, mapping and event id, so the bus' duplicate detection and each consumer's idempotency and
 * forward-only status rules decide what has an effect. A message refused before can now go through; one that was
 * accepted has no second effect.
 */
@Component
public class Replay {

    private static final Logger log = LoggerFactory.getLogger(Replay.class);

    /** What became of one replayed message. */
    public record Result(long journalId, String outcome, Integer status) {}

    private final MessageJournal journal;
    private final ProducerTemplate producer;

    public Replay(MessageJournal journal, ProducerTemplate producer) {
        this.journal = journal;
        this.producer = producer;
    }

    public List<Result> replay(JournalQuery query, String actor) {
        if (query.from() == null
                && query.to() == null
                && query.order() == null
                && query.entity() == null
                && query.messageId() == null) {
            throw ProblemException.badRequest(
                    "say what to replay: a time range (from, to), an order, an entity or a messageId");
        }
        List<Result> results = new ArrayList<>();
        for (MessageJournal.Replayable message : journal.replayable(query)) {
            Exchange done = producer.send(message.uri(), exchange -> {
                exchange.setProperty(MessageJournal.REPLAY_OF, message.id());
                exchange.setProperty(EventHeaders.CORRELATION_ID, message.correlationId());
                exchange.getIn().setHeaders(new HashMap<>(message.headers()));
                exchange.getIn().setBody(message.payload().getBytes(StandardCharsets.UTF_8));
            });
            Integer status = done.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
            String outcome = done.isFailed() ? "failed" : status == null || status < 300 ? "accepted" : "refused";
            results.add(new Result(message.id(), outcome, status));
        }
        log.info("replay by {}: {} messages", actor, results.size());
        return results;
    }
}
