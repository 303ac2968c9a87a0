package io.junction.view.customer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.junction.platform.bus.EventHeaders;
import io.junction.support.HubTest;
import jakarta.jms.Message;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jms.core.JmsTemplate;

/**
 * The customer view's fan-out (routes/customer-view.camel.yaml) runs in the batch's database transaction: when its
 * last branch fails for one order, the view's change and what the CRM sync and the intelligence wrote for it roll back
 * with it; the message is retried alone and then dead-lettered, and its neighbours in the batch are applied with their
 * whole fan-out.
 */
class CustomerViewFanOutTest extends HubTest {

    private static final String CONSUMER = "customer-view-orders";

    @Autowired
    ProducerTemplate producer;

    @Autowired
    JmsTemplate jms;

    @Value("${junction.redelivery.maximum-redeliveries}")
    int redeliveries;

    @Test
    void aFailingBranchRollsBackTheWholeChangeAndOnlyItsMessageIsDeadLettered() throws Exception {
        String run = UUID.randomUUID().toString();
        AtomicInteger failures = new AtomicInteger();
        AdviceWith.adviceWith(
                camel, "service-rules", route -> route.weaveAddFirst().process(exchange -> {
                    List<?> changes = exchange.getIn().getBody(List.class);
                    if (changes.stream()
                            .anyMatch(c -> c instanceof CustomerChange.OrderChanged o
                                    && o.order().sourceOrderId().equals(run + "-bad"))) {
                        failures.incrementAndGet();
                        throw new IllegalStateException("the service rules failed for " + run);
                    }
                }));
        // the three wait on the queue while the consumer is stopped, so they come in one batch, the bad one in the
        // middle
        camel.getRouteController().stopRoute(CONSUMER);
        String first = send(run, "first");
        String bad = send(run, "bad");
        String last = send(run, "last");
        camel.getRouteController().startRoute(CONSUMER);

        jms.setReceiveTimeout(30_000);
        Message dead = jms.receiveSelected(
                topology.queue("order", "customer-view").deadLetterQueue(), EventHeaders.EVENT_ID + " = '" + bad + "'");
        assertThat(dead).as("the failed message in the dead-letter queue").isNotNull();
        assertThat(dead.getStringProperty(EventHeaders.DEAD_LETTER_REASON))
                .contains("the service rules failed for " + run);
        assertThat(dead.getStringProperty(EventHeaders.DEAD_LETTER_ROUTE)).isEqualTo(CONSUMER);
        assertThat(failures.get())
                .as("tried alone, then retried, before it was dead-lettered")
                .isGreaterThanOrEqualTo(1 + redeliveries);

        assertThat(count("select count(*) from processed_message where message_id = ?", bad))
                .as("no claim: a replay applies it")
                .isZero();
        assertThat(count(
                        "select count(*) from customer_order where source_system = 'fanout' and source_order_id = ?",
                        run + "-bad"))
                .as("the view's change rolled back")
                .isZero();
        assertThat(count("select count(*) from customer where email = ?", email(run, "bad")))
                .as("the new customer rolled back")
                .isZero();
        assertThat(count("select count(*) from crm_outbox where payload like ?", "%" + run + "-bad%"))
                .as("the CRM sync's upsert and order activity rolled back")
                .isZero();

        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        count("select count(*) from processed_message where message_id in (?, ?)", first, last) == 2);
        for (String neighbour : List.of("first", "last")) {
            String customerId = jdbc.queryForObject(
                    "select customer_id from customer_order where source_system = 'fanout' and source_order_id = ?",
                    String.class,
                    run + "-" + neighbour);
            assertThat(count(
                            "select count(*) from crm_outbox where customer_id = ? and kind = 'order-activity'",
                            customerId))
                    .as("the %s order's activity for the CRM", neighbour)
                    .isEqualTo(1);
            assertThat(count(
                            "select count(*) from crm_outbox where customer_id = ? and kind = 'customer-upsert'",
                            customerId))
                    .as("the %s order's new customer for the CRM, once", neighbour)
                    .isEqualTo(1);
            assertThat(count("select count(*) from customer_intel where customer_id = ?", customerId))
                    .as("the %s order's customer profiled", neighbour)
                    .isEqualTo(1);
        }
    }

    private String send(String run, String customer) {
        String id = UUID.randomUUID().toString();
        producer.sendBodyAndHeaders(
                "jms:topic:junction.order",
                """
                {"specversion":"1.0","id":"%s","source":"/test","type":"order.placed","time":"2024-07-01T10:00:00Z",
                 "data":{"sourceSystem":"fanout","sourceOrderId":"%s-%s","status":"PLACED","currency":"EUR","total":10,
                         "updatedAt":"2024-07-01T10:00:00Z","lines":[{"sku":"SKU-1","quantity":1,"unitPrice":10}],
                         "customer":{"sourceSystem":"fanout","sourceCustomerId":"%s-%s","email":"%s"}}}
                """.formatted(id, run, customer, run, customer, email(run, customer)),
                Map.of(EventHeaders.EVENT_ID, id, EventHeaders.GROUP_ID, "email:" + email(run, customer)));
        return id;
    }

    private static String email(String run, String customer) {
        return customer + "-" + run + "@example.com";
    }

    private int count(String sql, Object... arguments) {
        Integer n = jdbc.queryForObject(sql, Integer.class, arguments);
        return n == null ? 0 : n;
    }
}
