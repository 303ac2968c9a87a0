package io.junction.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/** A test's own durable subscription to one event address: every event published there while it is open. */
public final class BusTap implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Connection connection;
    private final MessageConsumer consumer;

    public BusTap(ConnectionFactory factory, String address) throws JMSException {
        connection = factory.createConnection();
        Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
        consumer = session.createSharedDurableConsumer(session.createTopic(address), "test-tap-" + UUID.randomUUID());
        connection.start();
    }

    /**
     * The events matching {@code wanted} that arrive until {@code expected} of them did (at most 20 s), or, with
     * {@code expected} 0, within {@code quietMillis}: for asserting that nothing (more) came.
     */
    public List<JsonNode> await(Predicate<JsonNode> wanted, int expected, long quietMillis) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        long deadline = System.currentTimeMillis() + (expected == 0 ? quietMillis : 20_000);
        while (System.currentTimeMillis() < deadline && (expected == 0 || events.size() < expected)) {
            Message message = consumer.receive(100);
            if (message != null) {
                JsonNode event = JSON.readTree(message.getBody(String.class));
                if (wanted.test(event)) {
                    events.add(event);
                }
            }
        }
        return events;
    }

    @Override
    public void close() throws JMSException {
        connection.close();
    }
}
