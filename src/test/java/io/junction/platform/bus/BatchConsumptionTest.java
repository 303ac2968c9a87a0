package io.junction.platform.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.junction.platform.bus.batch.BatchEndpoint;
import io.junction.platform.bus.batch.BusMessage;
import io.junction.support.HubTest;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.BytesMessage;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.ObjectMessage;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.jms.core.SessionCallback;

/**
 * The hub's order consumer takes the queue in batches (jms-batch): a batch is applied once per event, a poison message
 * in it (invalid, or no text message at all) is dead-lettered alone with its reason while its neighbours are applied,
 * one customer's events keep their order, and a batch redelivered after its database commit (the session rolled back)
 * has no second effect.
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
        Set<Integer> batchSizes = batchSizes();
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
                producer.sendBodyAndHeaders(
                        "jms:topic:junction.order",
                        order(poison, run, "poison", "PLACED", 0, "-1"),
                        Map.of(EventHeaders.EVENT_ID, poison, EventHeaders.GROUP_ID, "email:poison-" + run));
            }
        }
        camel.getRouteController().startRoute(ROUTE);

        Message dead = awaitDeadLetters(poison).get(poison);
        assertThat(dead.getStringProperty(EventHeaders.DEAD_LETTER_REASON))
                .contains("invalid order.placed data")
                .contains("$.total");
        assertThat(dead.getStringProperty(EventHeaders.DEAD_LETTER_ROUTE)).isEqualTo(ROUTE);
        assertThat(dead.getStringProperty(EventHeaders.ORIGINAL_QUEUE))
                .isEqualTo(topology.queue("order", "customer-view").fqqn());
        assertThat(dead.getStringProperty(EventHeaders.EVENT_ID)).isEqualTo(poison);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> count(
                                "select count(*) from processed_message where processor = 'customer-view' and message_id in "
                                        + in(sent),
                                sent)
                        == sent.size());
        assertThat(batchSizes).as("the waiting messages were taken in batches").anyMatch(size -> size > 1);
        assertThat(consumed() - consumedBefore)
                .as("messages counted, not batches")
                .isGreaterThanOrEqualTo(sent.size() + 1);
        for (String customer : customers) {
            String orderId = jdbc.queryForObject(
                    "select id from customer_order where source_system = 'batch' and source_order_id = ?",
                    String.class,
                    run + "-" + customer);
            assertThat(jdbc.queryForList(
                            "select status from order_status_history where order_id = ? and applied order by id",
                            String.class,
                            orderId))
                    .as("each of customer %s's events applied once, in the order sent", customer)
                    .containsExactlyElementsOf(LIFE);
            assertThat(count(
                            "select count(*) from order_status_history where order_id = ? and not applied",
                            List.of(orderId)))
                    .isZero();
        }
        assertThat(count(
                        "select count(*) from customer_order where source_system = 'batch' and source_order_id = ?",
                        List.of(run + "-poison")))
                .as("the poison message had no effect")
                .isZero();
        assertThat(count("select count(*) from processed_message where message_id = ?", List.of(poison)))
                .isZero();
    }

    @Test
    void aMessageThatIsNotTextIsDeadLetteredAloneAndTheRestOfItsBatchIsAppliedOnce() throws Exception {
        String run = UUID.randomUUID().toString();
        Set<Integer> batchSizes = batchSizes();
        camel.getRouteController().stopRoute(ROUTE);
        List<String> sent = new ArrayList<>();
        List<String> orders = new ArrayList<>();
        String bytes = UUID.randomUUID().toString();
        String object = UUID.randomUUID().toString();
        byte[] payload = {(byte) 0xca, (byte) 0xfe, 0, 1};
        // 100 waiting messages: 98 orders, a BytesMessage and an ObjectMessage among them
        for (int i = 0; i < 98; i++) {
            sent.add(send(run, "c" + i, 0));
            orders.add(run + "-c" + i);
            if (i == 49) {
                sendNotText(bytes, "bytes-" + run, session -> {
                    BytesMessage message = session.createBytesMessage();
                    message.writeBytes(payload);
                    return message;
                });
            } else if (i == 90) {
                sendNotText(object, "object-" + run, session -> session.createObjectMessage(run));
            }
        }
        camel.getRouteController().startRoute(ROUTE);

        // operators see it with its reason (and no text), and cannot put it back: it could never be applied
        String dlq = topology.queue("order", "customer-view").deadLetterQueue();
        JsonNode listed = await().atMost(Duration.ofSeconds(30))
                .until(() -> deadLetterListed(dlq, bytes), letter -> !letter.isMissingNode());
        assertThat(listed.path("reason").asText()).contains("not a text message (BytesMessage)");
        assertThat(listed.path("body").asText(null)).isNull();
        HttpResponse<String> retry = postAs(
                OPERATOR, "/api/ops/dlq/" + dlq + "/" + listed.path("messageId").asText() + "/retry", "");
        assertThat(retry.statusCode()).as(retry.body()).isEqualTo(409);
        assertThat(retry.body()).contains("no text");

        Map<String, Message> dead = awaitDeadLetters(bytes, object);
        Message deadBytes = dead.get(bytes);
        assertThat(deadBytes.getStringProperty(EventHeaders.DEAD_LETTER_REASON))
                .contains("not a text message (BytesMessage)");
        assertThat(deadBytes.getStringProperty(EventHeaders.DEAD_LETTER_ROUTE)).isEqualTo(ROUTE);
        assertThat(deadBytes.getStringProperty(EventHeaders.ORIGINAL_QUEUE))
                .isEqualTo(topology.queue("order", "customer-view").fqqn());
        assertThat(deadBytes.getStringProperty(EventHeaders.GROUP_ID)).isEqualTo("bytes-" + run);
        assertThat(deadBytes.getBody(byte[].class))
                .as("the dead letter as it came")
                .containsExactly(payload);
        assertThat(dead.get(object)).isInstanceOf(ObjectMessage.class);
        assertThat(dead.get(object).getStringProperty(EventHeaders.DEAD_LETTER_REASON))
                .contains("not a text message (ObjectMessage)");

        await().atMost(Duration.ofSeconds(30))
                .until(() -> count(
                                "select count(*) from processed_message where processor = 'customer-view' "
                                        + "and message_id in " + in(sent),
                                sent)
                        == sent.size());
        assertThat(batchSizes).as("the waiting messages were taken in batches").anyMatch(size -> size > 1);
        assertThat(jdbc.queryForList(
                        "select h.status from order_status_history h join customer_order o on o.id = h.order_id "
                                + "where o.source_system = 'batch' and o.source_order_id in " + in(orders),
                        String.class,
                        orders.toArray()))
                .as("each order placed once")
                .hasSize(98)
                .containsOnly("PLACED");
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

        await().atMost(Duration.ofSeconds(30))
                .until(() -> seen.get() >= 2
                        && count(
                                        "select count(*) from processed_message where processor = 'customer-view' and message_id in "
                                                + in(sent),
                                        sent)
                                == sent.size());
        assertThat(rolledBack.get())
                .as("the first batch was rolled back and redelivered")
                .isGreaterThanOrEqualTo(2);
        for (String customer : List.of("a", "b")) {
            String orderId = jdbc.queryForObject(
                    "select id from customer_order where source_system = 'batch' and source_order_id = ?",
                    String.class,
                    run + "-" + customer);
            assertThat(jdbc.queryForList(
                            "select status from order_status_history where order_id = ? order by id",
                            String.class,
                            orderId))
                    .as("customer %s's events had their effect once", customer)
                    .containsExactlyElementsOf(LIFE.subList(0, 3));
        }
    }

    /** The dead letter of this event as GET /api/ops/dlq lists it, or a missing node. */
    private JsonNode deadLetterListed(String dlq, String eventId) {
        HttpResponse<String> response = getAs(VIEWER, "/api/ops/dlq?queue=" + dlq);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        for (JsonNode letter : json(response)) {
            if (eventId.equals(letter.path("eventId").asText())) {
                return letter;
            }
        }
        return MissingNode.getInstance();
    }

    /** The sizes of the batches the route is handed from now on. */
    private Set<Integer> batchSizes() throws Exception {
        Set<Integer> sizes = ConcurrentHashMap.newKeySet();
        AdviceWith.adviceWith(camel, ROUTE, route -> route.weaveAddFirst()
                .process(e -> sizes.add(e.getProperty(BatchEndpoint.BATCH_SIZE, Integer.class))));
        return sizes;
    }

    private String send(String run, String customer, int step) {
        String id = UUID.randomUUID().toString();
        producer.sendBodyAndHeaders(
                "jms:topic:junction.order",
                order(id, run, customer, LIFE.get(step), step, "10"),
                Map.of(
                        EventHeaders.EVENT_ID,
                        id,
                        EventHeaders.GROUP_ID,
                        "email:" + customer + "-" + run + "@example.com"));
        return id;
    }

    /** A message on the order topic that is not a text message, with an event id and group as a bus message has. */
    private void sendNotText(String eventId, String group, SessionCallback<Message> create) {
        jms.execute(
                session -> {
                    Message message = create.doInJms(session);
                    message.setStringProperty(EventHeaders.EVENT_ID, eventId);
                    message.setStringProperty(EventHeaders.GROUP_ID, group);
                    try (MessageProducer producer = session.createProducer(session.createTopic("junction.order"))) {
                        producer.send(message);
                    }
                    return null;
                },
                true);
    }

    private static String order(String id, String run, String customer, String status, int step, String total) {
        String type = step == 0 ? "order.placed" : "order.updated";
        String at =
                Instant.parse("2024-07-01T10:00:00Z").plusSeconds(60L * step).toString();
        return """
                {"specversion":"1.0","id":"%s","source":"/test","type":"%s","time":"%s",
                 "data":{"sourceSystem":"batch","sourceOrderId":"%s-%s","status":"%s","currency":"EUR","total":%s,"updatedAt":"%s",
                         "lines":[{"sku":"SKU-1","quantity":1,"unitPrice":10}],
                         "customer":{"sourceSystem":"batch","sourceCustomerId":"%s-%s","email":"%s-%s@example.com"}}}
                """.formatted(id, type, at, run, customer, status, total, at, run, customer, customer, run);
    }

    private double consumed() {
        return meters.get("junction.bus.consumed")
                .tag("routeId", ROUTE)
                .counter()
                .count();
    }

    /** These events' dead letters, by event id (others in the queue are passed over). */
    private Map<String, Message> awaitDeadLetters(String... eventIds) throws Exception {
        jms.setReceiveTimeout(30_000);
        Map<String, Message> found = new HashMap<>();
        while (found.size() < eventIds.length) {
            Message message =
                    jms.receive(topology.queue("order", "customer-view").deadLetterQueue());
            assertThat(message)
                    .as("the poison messages in the dead-letter queue")
                    .isNotNull();
            String id = message.getStringProperty(EventHeaders.EVENT_ID);
            if (List.of(eventIds).contains(id)) {
                found.put(id, message);
            }
        }
        return found;
    }

    private int count(String sql, List<String> arguments) {
        Integer n = jdbc.queryForObject(sql, Integer.class, arguments.toArray());
        return n == null ? 0 : n;
    }

    private static String in(List<String> values) {
        return "(" + String.join(", ", values.stream().map(v -> "?").toList()) + ")";
    }
}
