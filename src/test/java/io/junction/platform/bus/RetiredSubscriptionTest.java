package io.junction.platform.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.junction.support.DefaultTopology;
import io.junction.support.StandaloneBroker;
import jakarta.jms.Connection;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A subscription taken out of the configuration leaves no queue behind that keeps filling with copies nobody reads:
 * the broker deletes it at its next start (config-delete-queues FORCE on junction.#); its dead letters stay.
 */
class RetiredSubscriptionTest {

    private static final String ORDERS = "junction.order.customer-view";
    private static final String RETIRED = "junction.order.retired";

    private final BusTopology current = DefaultTopology.get();
    private final StandaloneBroker broker = StandaloneBroker.started(withRetiredSubscriber(current));

    @AfterEach
    void stopBroker() {
        broker.stop();
    }

    @Test
    void aQueueNoLongerConfiguredIsDeletedAtTheNextStartAndCollectsNothingMore() throws Exception {
        publishOrderEvent();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> broker.messageCount(RETIRED) == 1 && broker.messageCount(ORDERS) == 1);

        broker.stop();
        broker.start(current);
        assertThat(broker.messageCount(RETIRED)).as("the retired queue is gone").isEqualTo(-1);
        assertThat(broker.messageCount(ORDERS))
                .as("a configured queue keeps its messages across the restart")
                .isEqualTo(1);
        assertThat(broker.messageCount(BusTopology.deadLetterQueueOf(RETIRED)))
                .as("its dead letters stay for an operator")
                .isZero();

        publishOrderEvent();
        await().atMost(Duration.ofSeconds(10)).until(() -> broker.messageCount(ORDERS) == 2);
        assertThat(broker.messageCount(RETIRED)).isEqualTo(-1);
    }

    private static BusTopology withRetiredSubscriber(BusTopology topology) {
        Map<String, BusTopology.Subscription> subscriptions = new LinkedHashMap<>(topology.subscriptions());
        subscriptions.put("retired", new BusTopology.Subscription(List.of("order"), null));
        return new BusTopology(topology.families(), subscriptions, topology.feeds());
    }

    private void publishOrderEvent() throws Exception {
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(broker.failoverUrl());
                Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = session.createProducer(session.createTopic(BusTopology.address("order")));
            producer.send(session.createTextMessage("{\"type\":\"order.placed\"}"));
        }
    }
}
