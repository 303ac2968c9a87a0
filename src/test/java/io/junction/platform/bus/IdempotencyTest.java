package io.junction.platform.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.support.Fixture;
import io.junction.support.HubTest;
import io.junction.support.ShopifyOrders;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/** A storefront retry, or a redelivered bus message, has its effect once. */
class IdempotencyTest extends HubTest {

    @Autowired
    ProducerTemplate producer;

    @Autowired
    JmsTemplate jms;

    @Test
    void aWebhookDeliveredTwiceHasOneEffect() {
        ShopifyOrders shop = new ShopifyOrders();
        Fixture order = shop.created("2024-07-01T10:00:00Z");

        HttpResponse<String> first = deliver(order);
        HttpResponse<String> retry = deliver(order);

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(retry.statusCode()).isEqualTo(202);
        String eventId = json(first).path("id").asText();
        assertThat(json(retry).path("id").asText())
                .as("a retry is the same event")
                .isEqualTo(eventId);
        JsonNode customer = awaitCustomer(shop.email, c -> c.path("orders").size() == 1);
        // a later event for the same customer is applied, so anything of the retry would have been too
        deliver(shop.updated("2024-07-02T10:00:00Z", "fulfilled"));
        customer = awaitCustomer(
                shop.email, c -> c.path("orders").get(0).path("status").asText().equals("SHIPPED"));
        assertThat(customer.path("orders")).hasSize(1);
        assertThat(customer.path("orders").get(0).path("statusHistory")).hasSize(2);
        assertThat(appliedTimes(eventId)).isEqualTo(1);
    }

    @Test
    void theSameEventOnTheBusTwiceHasOneEffect() throws Exception {
        ShopifyOrders shop = new ShopifyOrders();
        String eventId = UUID.randomUUID().toString();
        String event = cloudEvent(eventId, shop);
        // sent without a duplicate id, as a redelivery after a crash would arrive: only the consumer can catch it
        producer.sendBodyAndHeader("jms:topic:junction.order", event, EventHeaders.EVENT_ID, eventId);
        producer.sendBodyAndHeader("jms:topic:junction.order", event, EventHeaders.EVENT_ID, eventId);

        // both copies consumed (alone or in one batch): the consumer's trail has a step for each
        await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from message_trail where event_id = ? and step = 'customer-view-orders'",
                                Integer.class,
                                eventId)
                        == 2);
        JsonNode customer = awaitCustomer(shop.email, c -> c.path("orders").size() == 1);
        assertThat(customer.path("orders").get(0).path("statusHistory")).hasSize(1);
        assertThat(appliedTimes(eventId)).isEqualTo(1);
    }

    private int appliedTimes(String eventId) {
        return jdbc.queryForObject(
                "select count(*) from processed_message where processor = 'customer-view' and message_id = ?",
                Integer.class,
                eventId);
    }

    private String cloudEvent(String id, ShopifyOrders shop) {
        return """
                {"specversion":"1.0","id":"%s","source":"/test","type":"order.placed","time":"2024-07-01T10:00:00Z",
                 "data":{"sourceSystem":"shopify","sourceOrderId":"%d","status":"PLACED","currency":"EUR","total":10,
                         "lines":[{"sku":"SKU-1","quantity":1,"unitPrice":10}],
                         "customer":{"sourceSystem":"shopify","sourceCustomerId":"%d","email":"%s"}}}
                """.formatted(id, shop.orderId, shop.customerId, shop.email);
    }
}
