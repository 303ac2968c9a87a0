package io.junction.ops;

import io.junction.canonical.FieldError;
import io.junction.platform.bus.BusTopology;
import io.junction.platform.bus.EventHeaders;
import io.junction.platform.failure.ProblemException;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.Destination;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.stereotype.Component;

/**
 * The dead-letter queues, for operators: list what is there and why, send a message back to the queue it failed on,
 * or discard it with a note. Both are one JMS transaction (take from the DLQ, put on the original queue), so a message
 * is neither lost nor doubled on the way; the consumer's idempotency (processed_message) makes a retry of an event
 * that had in fact been applied a no-op.
 */
@Component
public class DeadLetters {

    /** Artemis' own headers on a message it dead-lettered itself (the backstop address). */
    private static final String ARTEMIS_ORIGINAL_ADDRESS = "_AMQ_ORIG_ADDRESS";

    private static final String ARTEMIS_ORIGINAL_QUEUE = "_AMQ_ORIG_QUEUE";
    private static final String GROUP_ID = EventHeaders.GROUP_ID;

    /** A dead-lettered message as the operator sees it. */
    public record DeadLetter(
            String queue,
            String messageId,
            String eventId,
            String eventType,
            String reason,
            String exception,
            String route,
            String originalQueue,
            OffsetDateTime deadLetteredAt,
            String body) {}

    /** Which dead letters: every field is optional; {@code reason} and {@code exception} match a part. */
    public record Filter(String queue, String route, String eventType, String reason, String exception) {

        boolean matches(DeadLetter letter) {
            return (route == null || route.equals(letter.route()))
                    && (eventType == null || eventType.equals(letter.eventType()))
                    && contains(letter.reason(), reason)
                    && contains(letter.exception(), exception);
        }

        private static boolean contains(String value, String part) {
            return part == null
                    || (value != null && value.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT)));
        }
    }

    private final JmsTemplate jms;
    private final MessageJournal journal;
    private final BusTopology topology;

    public DeadLetters(ConnectionFactory connectionFactory, MessageJournal journal, BusTopology topology) {
        this.jms = new JmsTemplate(connectionFactory);
        this.jms.setSessionTransacted(true);
        this.journal = journal;
        this.topology = topology;
    }

    /** Every dead-letter queue of the topology: one per consumer queue, one per polled feed, the broker's backstop. */
    public List<String> queues() {
        return topology.deadLetterQueues();
    }

    public List<DeadLetter> list(Filter filter) {
        List<DeadLetter> found = new ArrayList<>();
        for (String queue : filter.queue() == null ? queues() : List.of(known(filter.queue()))) {
            jms.browse(queue, (session, browser) -> {
                for (Object message : Collections.list(browser.getEnumeration())) {
                    DeadLetter letter = toDeadLetter(queue, (Message) message);
                    if (filter.matches(letter)) {
                        found.add(letter);
                    }
                }
                return null;
            });
        }
        return found;
    }

    /** How many messages a dead-letter queue holds. */
    public int depth(String queue) {
        Integer depth = jms.browse(known(queue), (session, browser) -> Collections.list(browser.getEnumeration())
                .size());
        return depth == null ? 0 : depth;
    }

    /** Puts one dead letter back on the queue it was consumed from, without its dead-letter headers. */
    public DeadLetter retry(String queue, String messageId, String actor) {
        DeadLetter letter = take(queue, messageId, (session, message, taken) -> {
            if (taken.originalQueue() == null) {
                throw new ProblemException(
                        409,
                        "Conflict",
                        "dead letter " + messageId + " in " + queue
                                + " has no original queue to go back to (a feed row: correct it at its source)");
            }
            if (taken.body() == null) {
                throw new ProblemException(
                        409,
                        "Conflict",
                        "dead letter " + messageId + " in " + queue
                                + " has no text, so it can never be applied: discard it");
            }
            Message copy = session.createTextMessage(text(message));
            for (Object property : Collections.list(message.getPropertyNames())) {
                String name = (String) property;
                if (!name.startsWith("JunctionDeadLetter")
                        && !name.equals(EventHeaders.ORIGINAL_QUEUE)
                        && !name.startsWith("_AMQ")
                        && !name.startsWith("JMSX")) {
                    copy.setObjectProperty(name, message.getObjectProperty(name));
                }
            }
            // the group keeps one customer's events in order; the duplicate id must go, or the broker would drop the
            // retry
            if (message.getStringProperty(GROUP_ID) != null) {
                copy.setStringProperty(GROUP_ID, message.getStringProperty(GROUP_ID));
            }
            // address::queue names one queue of a multicast address: sent as to a topic, only that queue gets it
            Destination target = taken.originalQueue().contains("::")
                    ? session.createTopic(taken.originalQueue())
                    : session.createQueue(taken.originalQueue());
            try (MessageProducer producer = session.createProducer(target)) {
                producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                producer.send(copy);
            }
        });
        journal.trail(
                trailId(letter), "dlq-retry", "retried", "from " + queue + " to " + letter.originalQueue(), actor);
        return letter;
    }

    /** Retries every dead letter that matches; the ones that cannot go back (feed rows, no text) are left and counted. */
    public List<DeadLetter> retryAll(Filter filter, String actor) {
        List<DeadLetter> retried = new ArrayList<>();
        for (DeadLetter letter : list(filter)) {
            if (letter.originalQueue() != null && letter.body() != null) {
                retried.add(retry(letter.queue(), letter.messageId(), actor));
            }
        }
        return retried;
    }

    /** Removes a dead letter for good; the note and who discarded it stay in the journal's trail. */
    public DeadLetter discard(String queue, String messageId, String note, String actor) {
        if (note == null || note.isBlank()) {
            throw ProblemException.badRequest("a discard needs a note saying why", new FieldError("note", "required"));
        }
        DeadLetter letter = take(queue, messageId, (session, message, taken) -> {});
        journal.trail(trailId(letter), "dlq-discard", "discarded", note, actor);
        return letter;
    }

    /** What to do, inside the transaction, with a message taken off a dead-letter queue. */
    private interface Action {
        void apply(Session session, Message message, DeadLetter letter) throws JMSException;
    }

    private DeadLetter take(String queue, String messageId, Action action) {
        String dlq = known(queue);
        if (!messageId.matches("ID:[A-Za-z0-9:-]+")) {
            throw ProblemException.notFound("no dead letter " + messageId + " in " + queue);
        }
        return jms.execute(
                session -> {
                    try (MessageConsumer consumer =
                            session.createConsumer(session.createQueue(dlq), "JMSMessageID = '" + messageId + "'")) {
                        Message message = consumer.receive(5_000);
                        if (message == null) {
                            throw ProblemException.notFound("no dead letter " + messageId + " in " + queue);
                        }
                        DeadLetter letter = toDeadLetter(dlq, message);
                        action.apply(session, message, letter);
                        session.commit();
                        return letter;
                    }
                },
                true);
    }

    private String known(String queue) {
        if (!queues().contains(queue)) {
            throw ProblemException.notFound("no dead-letter queue " + queue + "; the queues are " + queues());
        }
        return queue;
    }

    private static DeadLetter toDeadLetter(String queue, Message message) throws JMSException {
        String original = message.getStringProperty(EventHeaders.ORIGINAL_QUEUE);
        if (original == null && message.getStringProperty(ARTEMIS_ORIGINAL_QUEUE) != null) {
            original = message.getStringProperty(ARTEMIS_ORIGINAL_ADDRESS) + "::"
                    + message.getStringProperty(ARTEMIS_ORIGINAL_QUEUE);
        }
        return new DeadLetter(
                queue,
                message.getJMSMessageID(),
                message.getStringProperty(EventHeaders.EVENT_ID),
                message.getStringProperty(EventHeaders.EVENT_TYPE),
                message.getStringProperty(EventHeaders.DEAD_LETTER_REASON),
                message.getStringProperty(EventHeaders.DEAD_LETTER_EXCEPTION),
                message.getStringProperty(EventHeaders.DEAD_LETTER_ROUTE),
                original,
                OffsetDateTime.ofInstant(Instant.ofEpochMilli(message.getJMSTimestamp()), ZoneOffset.UTC),
                text(message));
    }

    /** The body as text; none for a message that is not text (a batch consumer dead-letters such a message as it came). */
    private static String text(Message message) throws JMSException {
        if (message instanceof TextMessage text) {
            return text.getText();
        }
        return message.isBodyAssignableTo(String.class) ? message.getBody(String.class) : null;
    }

    /** The trail key: the event id, or for a feed row without one, the message id. */
    private static String trailId(DeadLetter letter) {
        return letter.eventId() != null ? letter.eventId() : letter.messageId();
    }
}
