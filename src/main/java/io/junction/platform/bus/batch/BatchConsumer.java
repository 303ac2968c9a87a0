package io.junction.platform.bus.batch;

import io.junction.platform.bus.BusTopology;
import io.junction.platform.bus.EventHeaders;
import io.micrometer.core.instrument.Counter;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MapMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageFormatException;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import jakarta.jms.Session;
import jakarta.jms.StreamMessage;
import jakarta.jms.TextMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each of its threads owns one transacted JMS session on the queue: it receives up to {@code size} messages (or what
 * arrived within {@code maxWaitMs} of the first), hands them to the route as one exchange, and commits the session
 * once the route is done (the route commits its database transaction first). An exchange that fails is split in halves
 * and each half handed again, down to the single message, which the route's error handling retries or dead-letters:
 * the dead letter is sent in this session, so it and the acknowledgement commit together. A message that is not text
 * is dead-lettered as soon as it is received, never handed to the route. An exchange marked rollback-only, or a
 * failure nothing handled, rolls the session back: the broker redelivers the batch, and the idempotent consumers apply
 * nothing twice (docs/batching.md).
 */
class BatchConsumer extends DefaultConsumer {

    private static final Logger log = LoggerFactory.getLogger(BatchConsumer.class);
    private static final long RECONNECT_DELAY_MS = 1000;

    private final BatchEndpoint endpoint;
    private volatile boolean running;
    private ExecutorService threads;
    private Counter consumed;

    BatchConsumer(BatchEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // route metrics count exchanges, which are batches now: this counts messages
        consumed = Counter.builder("junction.bus.consumed")
                .description("bus messages applied or dead-lettered and acknowledged")
                .tag("routeId", getRouteId())
                .register(endpoint.meters());
        running = true;
        threads = getEndpoint()
                .getCamelContext()
                .getExecutorServiceManager()
                .newFixedThreadPool(this, "jms-batch " + endpoint.getDestinationName(), endpoint.getConsumers());
        for (int i = 0; i < endpoint.getConsumers(); i++) {
            threads.submit(this::consume);
        }
    }

    @Override
    protected void doStop() throws Exception {
        running = false;
        if (threads != null) {
            // a batch in hand is finished (or rolled back) before the route stops
            getEndpoint()
                    .getCamelContext()
                    .getExecutorServiceManager()
                    .shutdownGraceful(threads, TimeUnit.SECONDS.toMillis(30));
            threads = null;
        }
        super.doStop();
    }

    /** One thread's session, re-opened after a broker failure; what it held uncommitted the broker redelivers. */
    private void consume() {
        while (running) {
            if (!endpoint.brokerUp()) {
                // a connection attempt to a stopped broker waits out the client's retries inside the pool's lock,
                // and the webhooks' sends and the health check would wait behind it
                pause();
                continue;
            }
            try (Connection connection = endpoint.connectionFactory().createConnection()) {
                connection.start();
                Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                MessageConsumer consumer = session.createConsumer(session.createQueue(endpoint.getDestinationName()));
                while (running) {
                    Received received = receive(session, consumer);
                    if (received.count() == 0) {
                        continue;
                    }
                    if (received.batch().isEmpty() || settle(session, received.batch())) {
                        session.commit();
                        consumed.increment(received.count());
                    } else {
                        session.rollback();
                    }
                }
            } catch (JMSException | RuntimeException e) {
                if (running) {
                    log.warn(
                            "batch consumer of {} lost its session ({}); reconnecting",
                            endpoint.getDestinationName(),
                            e.toString());
                    pause();
                }
            }
        }
    }

    /** What one receive took: the batch for the route, and how many messages in all (with those dead-lettered at once). */
    private record Received(List<BusMessage> batch, int count) {}

    private Received receive(Session session, MessageConsumer consumer) throws JMSException {
        Message first = consumer.receive(endpoint.getReceiveTimeoutMs());
        if (first == null) {
            return new Received(List.of(), 0);
        }
        List<BusMessage> batch = new ArrayList<>(endpoint.getSize());
        take(session, first, batch);
        int count = 1;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(endpoint.getMaxWaitMs());
        while (count < endpoint.getSize()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            Message next = left > 0 ? consumer.receive(left) : consumer.receiveNoWait();
            if (next == null) {
                break;
            }
            take(session, next, batch);
            count++;
        }
        return new Received(batch, count);
    }

    /**
     * A text message joins the batch. Anything else (a BytesMessage, an ObjectMessage, a text message without text)
     * cannot be a CloudEvent: it is dead-lettered at once, alone, in this session. Read as text it would break the
     * session, and the broker would redeliver the whole batch with it until it gave up on every message of it.
     */
    private void take(Session session, Message message, List<BusMessage> batch) throws JMSException {
        String text = message instanceof TextMessage textMessage ? textMessage.getText() : null;
        if (text != null) {
            batch.add(new BusMessage(message.getJMSMessageID(), text, properties(message)));
        } else {
            deadLetterUnreadable(session, message);
        }
    }

    /** The message as it came (its body untouched, of whatever kind), with the reason headers, to its dead-letter queue. */
    private void deadLetterUnreadable(Session session, Message message) throws JMSException {
        Map<String, Object> properties = properties(message);
        String kind = message instanceof TextMessage ? "TextMessage without text" : kindOf(message);
        String reason = "not a text message (" + kind + "): a bus message is a CloudEvent as JSON text";
        // received properties are read-only until cleared
        message.clearProperties();
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            if (busProperty(property.getKey(), property.getValue())) {
                message.setObjectProperty(property.getKey(), property.getValue());
            }
        }
        String destination = endpoint.getDestinationName();
        message.setStringProperty(EventHeaders.DEAD_LETTER_REASON, reason);
        message.setStringProperty(EventHeaders.DEAD_LETTER_EXCEPTION, MessageFormatException.class.getName());
        message.setStringProperty(EventHeaders.DEAD_LETTER_ROUTE, getRouteId());
        message.setStringProperty(EventHeaders.ORIGINAL_QUEUE, destination);
        String queue = BusTopology.deadLetterQueueOf(destination.substring(destination.indexOf("::") + 2));
        log.warn("dead-lettering message {} from {}: {}", properties.get(EventHeaders.EVENT_ID), destination, reason);
        try (MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            producer.send(message);
        }
    }

    private static String kindOf(Message message) {
        for (Class<?> kind : List.of(BytesMessage.class, ObjectMessage.class, MapMessage.class, StreamMessage.class)) {
            if (kind.isInstance(message)) {
                return kind.getSimpleName();
            }
        }
        return "Message without a body";
    }

    /**
     * Runs the batch through the route, splitting it on failure; false when the session must roll back.
     */
    private boolean settle(Session session, List<BusMessage> batch) throws JMSException {
        Exchange exchange = createExchange(false);
        try {
            exchange.setProperty(BatchEndpoint.BATCH, batch);
            exchange.setProperty(BatchEndpoint.BATCH_SIZE, batch.size());
            exchange.getIn().setBody(batch);
            BusMessage first = batch.get(0);
            if (batch.size() == 1) {
                exchange.getIn().getHeaders().putAll(first.properties());
            }
            // the outage rule of the error handling applies to bus messages, which carry a JMS message id
            exchange.getIn().setHeader("JMSMessageID", first.jmsMessageId());
            try {
                getProcessor().process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            }
            if (exchange.isRollbackOnly()) {
                return false;
            }
            if (exchange.getException() != null) {
                if (batch.size() == 1) {
                    log.warn(
                            "message {} of {} neither applied nor dead-lettered ({}); the session rolls back",
                            first.eventId(),
                            endpoint.getDestinationName(),
                            exchange.getException().toString());
                    return false;
                }
                int half = batch.size() / 2;
                return settle(session, batch.subList(0, half)) && settle(session, batch.subList(half, batch.size()));
            }
            String deadLetterQueue = exchange.getMessage().getHeader(EventHeaders.DEAD_LETTER_QUEUE, String.class);
            if (deadLetterQueue != null) {
                deadLetter(session, deadLetterQueue, exchange.getMessage());
            }
            return true;
        } finally {
            releaseExchange(exchange, false);
        }
    }

    /** The failed message, with its reason headers, to its dead-letter queue, in the batch's session. */
    private static void deadLetter(Session session, String queue, org.apache.camel.Message failed) throws JMSException {
        TextMessage letter = session.createTextMessage(failed.getBody(String.class));
        for (Map.Entry<String, Object> header : failed.getHeaders().entrySet()) {
            if (busProperty(header.getKey(), header.getValue())) {
                letter.setObjectProperty(header.getKey(), header.getValue());
            }
        }
        try (MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            producer.send(letter);
        }
    }

    /** A header that travels with a dead letter: the bus's own properties, not Camel's, the broker's or JMS's (but the group). */
    private static boolean busProperty(String name, Object value) {
        return !name.startsWith("Camel")
                && !name.startsWith("_AMQ")
                && (!name.startsWith("JMS") || name.equals(EventHeaders.GROUP_ID))
                && (value instanceof String || value instanceof Number || value instanceof Boolean);
    }

    private static Map<String, Object> properties(Message message) throws JMSException {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Object name : Collections.list(message.getPropertyNames())) {
            Object value = message.getObjectProperty((String) name);
            if (value != null) {
                properties.put((String) name, value);
            }
        }
        return properties;
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT_DELAY_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
