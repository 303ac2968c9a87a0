package io.junction.platform.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.junction.support.HubTest;
import io.junction.support.ShopifyOrders;
import jakarta.jms.Message;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/** A message that can never succeed lands in its queue's DLQ with the reason, and does not hold up the next one. */
class DeadLetterTest extends HubTest {

    @Autowired
    ProducerTemplate producer;

    @Autowired
    JmsTemplate jms;

    @Test
    void poisonMessagesAreDeadLetteredWithTheirReasonAndTheNextMessageStillArrives() throws Exception {
        String marker = UUID.randomUUID().toString();
        ShopifyOrders shop = new ShopifyOrders();

        producer.sendBody("jms:topic:junction.order", "not json " + marker);
        producer.sendBody("jms:topic:junction.order", """
                {"specversion":"1.0","id":"%s","source":"/test","type":"order.placed",
                 "data":{"sourceSystem":"shopify","sourceOrderId":"1","status":"PLACED","currency":"EUR","total":-1,
                         "lines":[],"customer":{"sourceSystem":"shopify","email":"x@example.com"}}}
                """.formatted(marker));
        producer.sendBody("jms:topic:junction.order", """
                {"specversion":"1.0","id":"%s","source":"/test","type":"order.placed","time":"2024-07-01T10:00:00Z",
                 "data":{"sourceSystem":"shopify","sourceOrderId":"%d","status":"PLACED","currency":"EUR","total":10,
                         "lines":[{"sku":"SKU-1","quantity":1,"unitPrice":10}],
                         "customer":{"sourceSystem":"shopify","email":"%s"}}}
                """.formatted(UUID.randomUUID(), shop.orderId, shop.email));

        List<Message> dead = receiveDeadLetters(marker, 2);
        Message notJson = withReason(dead, "not a CloudEvent");
        assertThat(notJson.getStringProperty(EventHeaders.DEAD_LETTER_EXCEPTION))
                .isEqualTo("io.junction.canonical.InvalidEventException");
        assertThat(notJson.getStringProperty(EventHeaders.DEAD_LETTER_ROUTE)).isEqualTo("customer-view-orders");
        assertThat(notJson.getStringProperty(EventHeaders.ORIGINAL_QUEUE))
                .isEqualTo(topology.queue("order", "customer-view").fqqn());

        Message invalid = withReason(dead, "invalid order.placed data");
        assertThat(invalid.getStringProperty(EventHeaders.DEAD_LETTER_REASON))
                .contains("$.total")
                .contains("$.lines");
        assertThat(invalid.getBody(String.class))
                .as("the original message is kept for replay")
                .contains(marker);

        awaitCustomer(shop.email, c -> c.path("orders").size() == 1);
    }

    /** The dead letters carrying the marker, in whatever order the concurrent consumers dead-lettered them. */
    private List<Message> receiveDeadLetters(String marker, int count) throws Exception {
        jms.setReceiveTimeout(20_000);
        List<Message> found = new ArrayList<>();
        while (found.size() < count) {
            Message message =
                    jms.receive(topology.queue("order", "customer-view").deadLetterQueue());
            assertThat(message)
                    .as(count + " dead letters for " + marker + ", found " + found.size())
                    .isNotNull();
            if (message.getBody(String.class).contains(marker)) {
                found.add(message);
            }
        }
        return found;
    }

    private static Message withReason(List<Message> messages, String reason) throws Exception {
        for (Message message : messages) {
            if (message.getStringProperty(EventHeaders.DEAD_LETTER_REASON).contains(reason)) {
                return message;
            }
        }
        throw new AssertionError("no dead letter with reason " + reason);
    }
}
