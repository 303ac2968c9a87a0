package io.junction.platform.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.support.HubTest;
import io.junction.support.ShopifyOrders;
import io.junction.support.Still;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.NotifyBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A new subscriber to canonical events is configuration and a route in the override folder (src/test/resources/
 * subscriber-home: junction.bus.subscriptions and routes/audit.camel.yaml), no Java: it gets its own queue and each
 * order event once, a storefront's redelivery and a message the bus carries twice included (an idempotent receiver
 * named after the subscriber), beside the hub's own consumers; with a filter, only the events it selects.
 */
@TestPropertySource(properties = "junction.home=src/test/resources/subscriber-home")
class AuditSubscriberTest extends HubTest {

    @Test
    void aSubscriberDeclaredInConfigurationReceivesEachOrderEventOnce() throws Exception {
        assertThat(topology.queue("order", "audit").fqqn()).isEqualTo("junction.order::junction.order.audit");
        MockEndpoint audit = camel.getEndpoint("mock:audit", MockEndpoint.class);
        MockEndpoint cancellations = camel.getEndpoint("mock:cancellations", MockEndpoint.class);
        ShopifyOrders shop = new ShopifyOrders();

        var created = shop.created("2024-07-01T10:00:00Z");
        assertThat(deliver(created).statusCode()).isEqualTo(202);
        assertThat(deliver(created).statusCode())
                .as("the storefront's redelivery")
                .isEqualTo(202);
        assertThat(deliver(shop.cancelled("2024-07-01T11:00:00Z")).statusCode()).isEqualTo(202);

        await().atMost(Duration.ofSeconds(20))
                .until(() -> events(audit, shop).size() >= 2
                        && !events(cancellations, shop).isEmpty());
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(() -> events(audit, shop).size() == 2
                        && events(cancellations, shop).size() == 1);
        List<JsonNode> events = events(audit, shop);
        assertThat(events).extracting(e -> e.path("type").asText()).containsExactly("order.placed", "order.cancelled");
        assertThat(events).extracting(e -> e.path("id").asText()).doesNotHaveDuplicates();
        assertThat(events(cancellations, shop))
                .extracting(e -> e.path("type").asText())
                .containsExactly("order.cancelled");
        // the same event on the subscriber's queue again (as after a failover): its idempotent receiver, no Java
        String placedId = events.get(0).path("id").asText();
        // the copy must reach the route, or "still two" would prove nothing
        NotifyBuilder copyConsumed = new NotifyBuilder(camel)
                .fromRoute("audit-orders")
                .whenCompleted(1)
                .create();
        try (ProducerTemplate bus = camel.createProducerTemplate()) {
            bus.sendBodyAndHeader(
                    "jms:topic:junction.order::junction.order.audit?exchangePattern=InOnly",
                    events.get(0).toString(),
                    EventHeaders.EVENT_ID,
                    placedId);
        }
        assertThat(copyConsumed.matches(20, TimeUnit.SECONDS))
                .as("the copy consumed by audit-orders")
                .isTrue();
        Still.holdsFor(
                Duration.ofSeconds(2), () -> assertThat(events(audit, shop)).hasSize(2));
        assertThat(jdbc.queryForObject(
                        "select count(*) from processed_message where processor = 'audit-received' and message_id = ?",
                        Integer.class,
                        placedId))
                .isEqualTo(1);
        // the hub's own order consumer still gets its copy
        awaitCustomer(
                shop.email,
                c -> c.path("orders").size() == 1
                        && c.path("orders").get(0).path("status").asText().equals("CANCELLED"));
    }

    /** The canonical events of this shop's order that reached a subscriber's route, in arrival order. */
    private static List<JsonNode> events(MockEndpoint audit, ShopifyOrders shop) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        for (Exchange exchange : List.copyOf(audit.getReceivedExchanges())) {
            JsonNode event = JSON.readTree(exchange.getMessage().getBody(String.class));
            if (event.path("data").path("sourceOrderId").asText().equals(Long.toString(shop.orderId))) {
                events.add(event);
            }
        }
        return events;
    }
}
