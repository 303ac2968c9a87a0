package io.junction.ops;

import io.junction.support.Fixture;
import io.junction.support.ShopifyOrders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The webhook's delivery id is in the MDC of the log lines of the intake route and of the consumer on the far side of the bus. */
@ExtendWith(OutputCaptureExtension.class)
class CorrelationTest extends OpsHubTest {

    @Test
    void theDeliveryIdFollowsTheMessageAcrossTheBus(CapturedOutput output) {
        ShopifyOrders shop = new ShopifyOrders();
        Fixture order = shop.created("2024-07-01T10:00:00Z");
        String deliveryId = order.headers().get("X-Shopify-Webhook-Id");
        assertThat(deliver(order).statusCode()).isEqualTo(202);
        awaitOnlyOrder(shop.email, o -> true);

        // the pattern's MDC part is "[<correlationId> <camel.routeId>]"
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(output.getOut())
                .contains("[" + deliveryId + " storefront-shopify]")
                .contains("[" + deliveryId + " customer-view-orders]")
                .contains("[" + deliveryId + " erp-order-handoff]"));
    }
}
