package io.junction.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.junction.platform.bus.EventHeaders;
import io.junction.support.ShopifyOrders;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The metric names docs/operations.md documents and config/grafana-junction.json uses, as Prometheus scrapes them. */
class MetricsTest extends OpsHubTest {

    @Autowired
    ProducerTemplate producer;

    @Test
    void theDocumentedMetricsAreExported() {
        ShopifyOrders shop = new ShopifyOrders();
        assertThat(deliver(shop.created("2024-07-01T10:00:00Z")).statusCode()).isEqualTo(202);
        awaitOnlyOrder(shop.email, o -> true);
        producer.sendBodyAndHeader(
                "jms:topic:junction.order",
                "not json",
                EventHeaders.EVENT_ID,
                UUID.randomUUID().toString());

        String dlq = topology.queue("order", "customer-view").deadLetterQueue();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String metrics = getAs(VIEWER, "/actuator/prometheus").body();
            assertThat(metrics)
                    .containsPattern(sample(
                            "camel_exchanges_total",
                            "adapter=\"storefront\"",
                            "routeId=\"storefront-shopify\"",
                            "[1-9]"))
                    .containsPattern(sample(
                            "camel_exchanges_total",
                            "adapter=\"customer-view\"",
                            "routeId=\"customer-view-orders\"",
                            "[1-9]"))
                    .containsPattern(sample(
                            "camel_exchanges_failures_handled_total",
                            "adapter=\"customer-view\"",
                            "routeId=\"customer-view-orders\"",
                            "[1-9]"))
                    .containsPattern(sample(
                            "camel_exchanges_failed_total", "adapter=\"erp\"", "routeId=\"erp-order-handoff\"", "\\d"))
                    .containsPattern(sample(
                            "camel_exchanges_external_redeliveries_total",
                            "adapter=\"erp\"",
                            "routeId=\"erp-order-handoff\"",
                            "\\d"))
                    .containsPattern(sample(
                            "camel_route_policy_seconds", "routeId=\"storefront-shopify\"", "quantile=\"0.95\"", "\\d"))
                    .containsPattern(sample("junction_dlq_depth", "queue=\"" + Pattern.quote(dlq) + "\"", "", "[1-9]"))
                    .containsPattern(sample("junction_processed_messages", "processor=\"customer-view\"", "", "[1-9]"));
        });
    }

    /** A sample line of {@code name} whose labels include both given ones (in Prometheus' alphabetical order), and its value. */
    private static Pattern sample(String name, String label, String otherLabel, String valueStart) {
        return Pattern.compile("(?m)^" + name + "\\{[^}]*" + label + "[^}]*" + otherLabel + "[^}]*} " + valueStart);
    }
}
