package io.junction.platform.bus.batch;

import io.junction.platform.bus.EventHeaders;
import io.micrometer.core.instrument.Counter;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Each of its threads owns one transacted JMS session on the queue: it receives up to {@code size} messages (or what
 * arrived within {@code maxWaitMs} of the first), hands them to the route as one exchange, and commits the session
 * once the route is done (the route commits its database transaction first). An exchange that fails is split in halves
 * and each half handed again, down to the single message, which the route's error handling retries or dead-letters:
 * the dead letter is sent in this session, so it and the acknowledgement commit together. An exchange marked
 * rollback-only, or a failure nothing handled, rolls the session back: the broker redelivers the batch, and the
 * idempotent consumers apply nothing twice (docs/batching.md).
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
        consumed = Counter.builder("junction.bus.consumed").description("bus messages applied or dead-lettered and acknowledged")
                .tag("routeId", getRouteId()).register(endpoint.meters());
        running = true;
        threads = getEndpoint().getCamelContext().getExecutorServiceManager()
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
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdownGraceful(threads, TimeUnit.SECONDS.toMillis(30));
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
                    List<BusMessage> batch = receive(consumer);
                    if (batch.isEmpty()) {
                        continue;
                    }
                    if (settle(session, batch)) {
                        session.commit();
                        consumed.increment(batch.size());
                    } else {
                        session.rollback();
                    }
                }
            } catch (JMSException | RuntimeException e) {
                if (running) {
                    log.warn("batch consumer of {} lost its session ({}); reconnecting", endpoint.getDestinationName(), e.toString());
                    pause();
                }
            }
        }
    }

    private List<BusMessage> receive(MessageConsumer consumer) throws JMSException {
        Message first = consumer.receive(endpoint.getReceiveTimeoutMs());
        if (first == null) {
            return List.of();
        }
        List<BusMessage> batch = new ArrayList<>(endpoint.getSize());
        batch.add(toBusMessage(first));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(endpoint.getMaxWaitMs());
        while (batch.size() < endpoint.getSize()) {
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            Message next = left > 0 ? consumer.receive(left) : consumer.receiveNoWait();
            if (next == null) {
                break;
            }
            batch.add(toBusMessage(next));
        }
        return batch;
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
                    log.warn("message {} of {} neither applied nor dead-lettered ({}); the session rolls back",
                            first.eventId(), endpoint.getDestinationName(), exchange.getException().toString());
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
            String name = header.getKey();
            Object value = header.getValue();
            boolean busProperty = !name.startsWith("Camel") && !name.startsWith("_AMQ") && (!name.startsWith("JMS") || name.equals(EventHeaders.GROUP_ID));
            if (busProperty && (value instanceof String || value instanceof Number || value instanceof Boolean)) {
                letter.setObjectProperty(name, value);
            }
        }
        try (MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            producer.send(letter);
        }
    }

    private static BusMessage toBusMessage(Message message) throws JMSException {
        Map<String, Object> properties = new LinkedHashMap<>();
        for (Object name : Collections.list(message.getPropertyNames())) {
            Object value = message.getObjectProperty((String) name);
            if (value != null) {
                properties.put((String) name, value);
            }
        }
        String text = message instanceof TextMessage textMessage ? textMessage.getText() : message.getBody(String.class);
        return new BusMessage(message.getJMSMessageID(), text, properties);
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
