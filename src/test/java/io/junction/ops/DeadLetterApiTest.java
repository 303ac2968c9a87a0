package io.junction.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.platform.bus.EventHeaders;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;

/**
 * The DLQ API: dead letters listed with their reason, exception and route; discarded with a note on record; retried
 * to their original queue through the consumer's idempotency, so a retry never applies an event twice.
 */
class DeadLetterApiTest extends OpsHubTest {

    @Autowired
    ProducerTemplate producer;

    @Autowired
    JmsTemplate jms;

    @Test
    void aDeadLetterIsListedWithItsReasonAndDiscardedWithANote() {
        String eventId = UUID.randomUUID().toString();
        producer.sendBodyAndHeader("jms:topic:junction.order", """
                {"specversion":"1.0","id":"%s","source":"/test","type":"order.placed",
                 "data":{"sourceSystem":"shopify","sourceOrderId":"1","status":"PLACED","currency":"EUR","total":-1,
                         "lines":[],"customer":{"sourceSystem":"shopify","email":"x@example.com"}}}
                """.formatted(eventId), EventHeaders.EVENT_ID, eventId);
        JsonNode letter = awaitDeadLetter(eventId);
        assertThat(letter.path("reason").asText())
                .contains("invalid order.placed data")
                .contains("$.total");
        assertThat(letter.path("exception").asText()).isEqualTo("io.junction.canonical.InvalidEventException");
        assertThat(letter.path("route").asText()).isEqualTo("customer-view-orders");
        assertThat(letter.path("originalQueue").asText())
                .isEqualTo(topology.queue("order", "customer-view").fqqn());
        String path = "/api/ops/dlq/" + dlq() + "/" + letter.path("messageId").asText();

        assertThat(deleteAs(OPERATOR, path).statusCode()).as("no note").isEqualTo(400);
        assertThat(deleteAs(VIEWER, path + "?note=x").statusCode())
                .as("a viewer")
                .isEqualTo(403);
        assertThat(deleteAs(
                                OPERATOR,
                                path + "?note=" + URLEncoder.encode("test data, ticket OPS-1", StandardCharsets.UTF_8))
                        .statusCode())
                .isEqualTo(200);

        assertThat(deadLetters(eventId)).isEmpty();
        assertThat(deleteAs(OPERATOR, path + "?note=again").statusCode()).isEqualTo(404);
        assertThat(jdbc.queryForMap(
                        "select outcome, detail, actor from message_trail where event_id = ? and step = 'dlq-discard'",
                        eventId))
                .containsEntry("outcome", "discarded")
                .containsEntry("detail", "test data, ticket OPS-1")
                .containsEntry("actor", "operator");
    }

    @Test
    void aRetryGoesBackToItsQueueAndAppliesTheEventOnce() {
        String eventId = UUID.randomUUID().toString();
        String email = "retry-" + eventId + "@example.com";
        String event = """
                {"specversion":"1.0","id":"%s","source":"/test","type":"order.placed","time":"2024-07-01T10:00:00Z",
                 "data":{"sourceSystem":"shopify","sourceOrderId":"%s","status":"PLACED","currency":"EUR","total":10,
                         "lines":[{"sku":"SKU-1","quantity":1,"unitPrice":10}],
                         "customer":{"sourceSystem":"shopify","email":"%s"}}}
                """.formatted(eventId, eventId, email);
        // two copies dead-lettered (say, a consumer failed twice on a broker hiccup): the first retry applies it,
        // the second finds it applied
        deadLetter(event, eventId);
        deadLetter(event, eventId);
        assertThat(deadLetters(eventId)).hasSize(2);

        JsonNode first = deadLetters(eventId).get(0);
        assertThat(postAs(
                                VIEWER,
                                "/api/ops/dlq/" + dlq() + "/"
                                        + first.path("messageId").asText() + "/retry",
                                "")
                        .statusCode())
                .isEqualTo(403);
        assertThat(postAs(
                                OPERATOR,
                                "/api/ops/dlq/" + dlq() + "/"
                                        + first.path("messageId").asText() + "/retry",
                                "")
                        .statusCode())
                .isEqualTo(200);
        awaitOnlyOrder(email, o -> true);

        JsonNode retried = json(postAs(
                OPERATOR, "/api/ops/dlq/retry", "{\"queue\": \"" + dlq() + "\", \"reason\": \"" + eventId + "\"}"));
        assertThat(retried.path("retried").asInt()).isEqualTo(1);
        assertThat(deadLetters(eventId)).isEmpty();
        await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from message_trail where event_id = ? and step = 'customer-view-orders'",
                                Integer.class,
                                eventId)
                        == 2);

        JsonNode order = awaitOnlyOrder(email, o -> true);
        assertThat(order.path("statusHistory")).hasSize(1);
        assertThat(jdbc.queryForObject(
                        "select count(*) from processed_message where message_id = ?", Integer.class, eventId))
                .isEqualTo(1);
        assertThat(jdbc.queryForObject(
                        "select count(*) from message_trail where event_id = ? and step = 'dlq-retry' and actor = 'operator'",
                        Integer.class,
                        eventId))
                .isEqualTo(2);
    }

    /**
     * What Failures leaves in a DLQ: the original event and the reason headers (not the duplicate id, or the broker
     * would keep only one of the two copies).
     */
    private void deadLetter(String event, String eventId) {
        jms.convertAndSend(dlq(), event, message -> {
            message.setStringProperty(EventHeaders.EVENT_ID, eventId);
            message.setStringProperty(EventHeaders.EVENT_TYPE, "order.placed");
            message.setStringProperty(EventHeaders.FAMILY, "order");
            message.setStringProperty(
                    EventHeaders.DEAD_LETTER_REASON, "SQLTransientConnectionException: hiccup " + eventId);
            message.setStringProperty(
                    EventHeaders.DEAD_LETTER_EXCEPTION, "org.springframework.jdbc.CannotGetJdbcConnectionException");
            message.setStringProperty(EventHeaders.DEAD_LETTER_ROUTE, "customer-view-orders");
            message.setStringProperty(
                    EventHeaders.ORIGINAL_QUEUE,
                    topology.queue("order", "customer-view").fqqn());
            message.setStringProperty(EventHeaders.DEAD_LETTER_QUEUE, dlq());
            return message;
        });
    }

    private JsonNode awaitDeadLetter(String eventId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> !deadLetters(eventId).isEmpty());
        return deadLetters(eventId).get(0);
    }

    private java.util.List<JsonNode> deadLetters(String eventId) {
        java.util.List<JsonNode> found = new java.util.ArrayList<>();
        json(getAs(VIEWER, "/api/ops/dlq?queue=" + dlq())).forEach(letter -> {
            if (eventId.equals(letter.path("eventId").asText())) {
                found.add(letter);
            }
        });
        return found;
    }

    private String dlq() {
        return topology.queue("order", "customer-view").deadLetterQueue();
    }
}
