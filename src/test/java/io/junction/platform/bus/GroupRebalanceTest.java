package io.junction.platform.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.junction.support.DefaultTopology;
import io.junction.support.StandaloneBroker;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Message groups on the hub's broker settings: a consumer (a hub replica) that connects after the groups were pinned
 * to another one gets a share of the existing customers' groups, not only new ones, and each group stays on one
 * consumer at a time.
 */
class GroupRebalanceTest {

    private static final int GROUPS = 20;

    private final StandaloneBroker broker = StandaloneBroker.started();

    @AfterEach
    void stopBroker() {
        broker.stop();
    }

    @Test
    void aConsumerThatJoinsLaterTakesOverAShareOfTheExistingGroups() throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker.failoverUrl());
                Connection connection = factory.createConnection()) {
            connection.start();
            Session producing = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Queue queue = producing.createQueue(
                    DefaultTopology.get().queue("order", "customer-view").fqqn());
            // published to the family's address as the hub does; the consumers read their queue on it
            MessageProducer producer = producing.createProducer(producing.createTopic(
                    DefaultTopology.get().queue("order", "customer-view").address()));

            Map<String, Set<String>> groupsBy = new ConcurrentHashMap<>();
            MessageConsumer first = listen(connection, queue, "first", groupsBy);
            sendOnePerGroup(producing, producer);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> groupsBy.getOrDefault("first", Set.of()).size() == GROUPS);

            MessageConsumer second = listen(connection, queue, "second", groupsBy);
            groupsBy.clear();
            sendOnePerGroup(producing, producer);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> groupsBy.values().stream().mapToInt(Set::size).sum() == GROUPS);

            assertThat(groupsBy.get("second"))
                    .as("existing groups moved to the consumer that joined")
                    .isNotEmpty();
            assertThat(groupsBy.get("first")).as("and the others stayed").isNotEmpty();
            first.close();
            second.close();
        }
    }

    private static MessageConsumer listen(
            Connection connection, Queue queue, String name, Map<String, Set<String>> groupsBy) throws Exception {
        MessageConsumer consumer =
                connection.createSession(false, Session.AUTO_ACKNOWLEDGE).createConsumer(queue);
        consumer.setMessageListener(message -> {
            try {
                groupsBy.computeIfAbsent(name, k -> ConcurrentHashMap.newKeySet())
                        .add(((TextMessage) message).getText());
            } catch (JMSException e) {
                throw new IllegalStateException(e);
            }
        });
        return consumer;
    }

    private static void sendOnePerGroup(Session session, MessageProducer producer) throws Exception {
        for (int g = 0; g < GROUPS; g++) {
            TextMessage message = session.createTextMessage("customer-" + g);
            message.setStringProperty("JMSXGroupID", "customer-" + g);
            producer.send(message);
        }
    }
}
