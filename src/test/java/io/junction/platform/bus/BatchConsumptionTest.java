package io.junction.platform.bus;

import io.junction.platform.bus.batch.BatchEndpoint;
import io.junction.platform.bus.batch.BusMessage;
import io.junction.support.HubTest;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hub's order consumer takes the queue in batches (jms-batch): a batch is applied once per event, a poison message
 * in it is dead-lettered alone with its reason while its neighbours are applied, one customer's events keep their
 * order, and a batch redelivered after its database commit (the session rolled back) has no second effect.
 */
class BatchConsumptionTest extends HubTest {

    private static final String ROUTE = "customer-view-orders";
    private static final List<String> LIFE = List.of("PLACED", "ACCEPTED", "ALLOCATED", "SHIPPED", "DELIVERED");

    @Autowired
    ProducerTemplate producer;
    @Autowired
    JmsTemplate jms;
    @Autowired
    MeterRegistry meters;

    @Test
    void aBatchIsAppliedOnceEachInCustomerOrderAndAPoisonMessageIsDeadLetteredAlone() throws Exception {
        String run = UUID.randomUUID().toString();
        Set<Integer> batchSizes = ConcurrentHashMap.newKeySet();
        AdviceWith.adviceWith(camel, ROUTE, route -> route.weaveAddFirst()
                .process(e -> batchSizes.add(e.getProperty(BatchEndpoint.BATCH_SIZE, Integer.class))));
        // the messages wait on the queue while its consumer is stopped, so they are taken in batches
        camel.getRouteController().stopRoute(ROUTE);
        double consumedBefore = consumed();
        List<String> customers = List.of("a", "b", "c", "d");
        List<String> sent = new ArrayList<>();
        String poison = UUID.randomUUID().toString();
        for (int step = 0; step < LIFE.size(); step++) {
            for (String customer : customers) {
                sent.add(send(run, customer, step));
            }
            if (step == 2) {
                producer.sendBodyAndHeaders("jms:topic:junction.order", order(poison, run, "poison", "PLACED", 0, "-1"),
                        Map.of(EventHeaders.EVENT_ID, poison, EventHeaders.GROUP_ID, "email:poison-" + run));
            }
        }
        camel.getRouteController().startRoute(ROUTE);

        Message dead = awaitDeadLetter(poison);
        assertThat(dead.getStringProperty(EventHeaders.DEAD_LETTER_REASON)).contains("invalid order.placed data").contains("$.total");
        assertThat(dead.getStringProperty(EventHeaders.DEAD_LETTER_ROUTE)).isEqualTo(ROUTE);
        assertThat(dead.getStringProperty(EventHeaders.ORIGINAL_QUEUE)).isEqualTo(topology.queue("order", "customer-view").fqqn());
        assertThat(dead.getStringProperty(EventHeaders.EVENT_ID)).isEqualTo(poison);

        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from processed_message where processor = 'customer-view' and message_id in "
                + in(sent), sent) == sent.size());
        assertThat(batchSizes).as("the waiting messages were taken in batches").anyMatch(size -> size > 1);
        assertThat(consumed() - consumedBefore).as("messages counted, not batches").isGreaterThanOrEqualTo(sent.size() + 1);
        for (String customer : customers) {
            String orderId = jdbc.queryForObject("select id from customer_order where source_system = 'batch' and source_order_id = ?",
                    String.class, run + "-" + customer);
            assertThat(jdbc.queryForList("select status from order_status_history where order_id = ? and applied order by id", String.class, orderId))
                    .as("each of customer %s's events applied once, in the order sent", customer).containsExactlyElementsOf(LIFE);
            assertThat(count("select count(*) from order_status_history where order_id = ? and not applied", List.of(orderId))).isZero();
        }
        assertThat(count("select count(*) from customer_order where source_system = 'batch' and source_order_id = ?", List.of(run + "-poison")))
                .as("the poison message had no effect").isZero();
        assertThat(count("select count(*) from processed_message where message_id = ?", List.of(poison))).isZero();
    }

    @Test
    void aBatchRedeliveredAfterItsDatabaseCommitHasNoSecondEffect() throws Exception {
        String run = UUID.randomUUID().toString();
        AtomicInteger rolledBack = new AtomicInteger();
        AtomicInteger seen = new AtomicInteger();
        // as if the hub died between the database commit and the session commit: the broker redelivers the batch
        AdviceWith.adviceWith(camel, ROUTE, route -> route.weaveAddLast().process(e -> {
            List<BusMessage> batch = BatchEndpoint.batchOf(e);
            if (batch.stream().anyMatch(m -> m.text().contains(run))) {
                seen.incrementAndGet();
                if (rolledBack.getAndIncrement() == 0) {
                    e.setRollbackOnly(true);
                }
            }
        }));
        camel.getRouteController().stopRoute(ROUTE);
        List<String> sent = new ArrayList<>();
        for (int step = 0; step < 3; step++) {
            sent.add(send(run, "a", step));
            sent.add(send(run, "b", step));
        }
        camel.getRouteController().startRoute(ROUTE);

        await().atMost(Duration.ofSeconds(30)).until(() -> seen.get() >= 2
                && count("select count(*) from processed_message where processor = 'customer-view' and message_id in " + in(sent), sent) == sent.size());
        assertThat(rolledBack.get()).as("the first batch was rolled back and redelivered").isGreaterThanOrEqualTo(2);
        for (String customer : List.of("a", "b")) {
            String orderId = jdbc.queryForObject("select id from customer_order where source_system = 'batch' and source_order_id = ?",
                    String.class, run + "-" + customer);
            assertThat(jdbc.queryForList("select status from order_status_history where order_id = ? order by id", String.class, orderId))
                    .as("customer %s's events had their effect once", customer).containsExactlyElementsOf(LIFE.subList(0, 3));
        }
    }

    private String send(String run, String customer, int step) {
        String id = UUID.randomUUID().toString();
        producer.sendBodyAndHeaders("jms:topic:junction.order", order(id, run, customer, LIFE.get(step), step, "10"),
                Map.of(EventHeaders.EVENT_ID, id, EventHeaders.GROUP_ID, "email:" + customer + "-" + run + "@example.com"));
        return id;
    }

    private static String order(String id, String run, String customer, String status, int step, String total) {
        String type = step == 0 ? "order.placed" : "order.updated";
        String at = Instant.parse("2024-07-01T10:00:00Z").plusSeconds(60L * step).toString();
        return """
                {"specversion":"1.0","id":"%s","source":"/test","type":"%s","time":"%s",
                 "data":{"sourceSystem":"batch","sourceOrderId":"%s-%s","status":"%s","currency":"EUR","total":%s,"updatedAt":"%s",
                         "lines":[{"sku":"SKU-1","quantity":1,"unitPrice":10}],
                         "customer":{"sourceSystem":"batch","sourceCustomerId":"%s-%s","email":"%s-%s@example.com"}}}
                """.formatted(id, type, at, run, customer, status, total, at, run, customer, customer, run);
    }

    private double consumed() {
        return meters.get("junction.bus.consumed").tag("routeId", ROUTE).counter().count();
    }

    private Message awaitDeadLetter(String eventId) throws Exception {
        jms.setReceiveTimeout(30_000);
        while (true) {
            Message message = jms.receive(topology.queue("order", "customer-view").deadLetterQueue());
            assertThat(message).as("the poison message in the dead-letter queue").isNotNull();
            if (eventId.equals(message.getStringProperty(EventHeaders.EVENT_ID))) {
                return message;
            }
        }
    }

    private int count(String sql, List<String> arguments) {
        Integer n = jdbc.queryForObject(sql, Integer.class, arguments.toArray());
        return n == null ? 0 : n;
    }

    private static String in(List<String> values) {
        return "(" + String.join(", ", values.stream().map(v -> "?").toList()) + ")";
    }
}
