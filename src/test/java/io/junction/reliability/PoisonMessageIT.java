package io.junction.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.junction.platform.bus.EventHeaders;
import io.junction.platform.bus.batch.BatchEndpoint;
import io.junction.platform.bus.batch.BusMessage;
import io.junction.support.HubTest;
import io.junction.support.ShopifyOrders;
import jakarta.jms.Message;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;

/**
 * Poison messages: an order whose processing fails every time (a fault woven into the customer-view consumer for
 * that one order) is tried 1 + junction.redelivery.maximum-redeliveries times, then dead-lettered with its reason.
 * It holds its own message group (the buyer's) only for that retry budget: the buyer's next order is applied right
 * after it, in order, and another buyer's order is not held at all.
 */
@TestPropertySource(
        properties = {"junction.redelivery.maximum-redeliveries=2", "junction.redelivery.initial-delay-ms=300"})
@DirtiesContext
class PoisonMessageIT extends HubTest {

    @Autowired
    JmsTemplate jms;

    @Test
    void aMessageThatAlwaysFailsIsDeadLetteredAfterItsRedeliveriesAndDoesNotBlockItsGroup() throws Exception {
        ShopifyOrders poison = new ShopifyOrders();
        ShopifyOrders sameBuyer = poison.nextOrder();
        ShopifyOrders otherBuyer = new ShopifyOrders();
        List<String> seen = new CopyOnWriteArrayList<>();
        String poisonId = Long.toString(poison.orderId);
        // the consumer takes messages in batches: every message of a batch is an attempt on it
        AdviceWith.adviceWith(
                camel, "customer-view-orders", route -> route.weaveByToUri("direct:customer-view-orders-apply")
                        .before()
                        .process(exchange -> {
                            boolean poisoned = false;
                            for (BusMessage message : BatchEndpoint.batchOf(exchange)) {
                                for (ShopifyOrders order : List.of(poison, sameBuyer, otherBuyer)) {
                                    if (message.text().contains("\"sourceOrderId\":\"" + order.orderId + "\"")) {
                                        seen.add(Long.toString(order.orderId));
                                    }
                                }
                                poisoned |= message.text().contains("\"sourceOrderId\":\"" + poisonId + "\"");
                            }
                            if (poisoned) {
                                throw new IllegalStateException("order " + poisonId + " always fails");
                            }
                        }));

        assertThat(deliver(poison.created("2024-07-01T10:00:00Z")).statusCode()).isEqualTo(202);
        assertThat(deliver(sameBuyer.created("2024-07-01T10:01:00Z")).statusCode())
                .isEqualTo(202);
        assertThat(deliver(otherBuyer.created("2024-07-01T10:02:00Z")).statusCode())
                .isEqualTo(202);

        jms.setReceiveTimeout(30_000);
        Message dead = jms.receive(dlq());
        assertThat(dead).as("the poison order in " + dlq()).isNotNull();
        assertThat(dead.getBody(String.class)).contains("\"sourceOrderId\":\"" + poisonId + "\"");
        assertThat(dead.getStringProperty(EventHeaders.DEAD_LETTER_REASON))
                .isEqualTo("IllegalStateException: order " + poisonId + " always fails");
        assertThat(dead.getStringProperty(EventHeaders.DEAD_LETTER_ROUTE)).isEqualTo("customer-view-orders");
        assertThat(dead.getStringProperty(EventHeaders.ORIGINAL_QUEUE))
                .isEqualTo(topology.queue("order", "customer-view").fqqn());

        awaitCustomer(
                poison.email,
                c -> c.path("orders").size() == 1
                        && c.path("orders")
                                .get(0)
                                .path("sourceOrderId")
                                .asText()
                                .equals(Long.toString(sameBuyer.orderId)));
        awaitOnlyOrder(otherBuyer.email, order -> true);
        List<String> buyerOrder = seen.stream()
                .filter(id -> !id.equals(Long.toString(otherBuyer.orderId)))
                .toList();
        System.out.printf(
                "[poison] attempts on the poison message: %d (1 + 2 redeliveries), then dead-lettered; consumer saw: %s%n",
                buyerOrder.stream().filter(poisonId::equals).count(), seen);
        // a batch holding both fails first and is split: the poison alone then has its attempts, and the next order
        // follows
        assertThat(buyerOrder.subList(Math.max(0, buyerOrder.size() - 4), buyerOrder.size()))
                .as("the buyer's group: the poison's attempts, then the next order")
                .containsExactly(poisonId, poisonId, poisonId, Long.toString(sameBuyer.orderId));
        assertThat(jdbc.queryForObject(
                        "select count(*) from customer_order where source_order_id = ?", Integer.class, poisonId))
                .as("nothing of the poison order was applied")
                .isZero();
    }

    private String dlq() {
        return topology.queue("order", "customer-view").deadLetterQueue();
    }
}
