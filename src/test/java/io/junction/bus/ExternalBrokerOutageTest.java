package io.junction.bus;

import io.junction.support.HubTest;
import io.junction.support.ShopifyOrders;
import io.junction.support.StandaloneBroker;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The hub against an external broker (spring.artemis.mode=native, the production failover URL): while the broker is
 * stopped every webhook is refused within 2 s with 503 + Retry-After as problem+json, and nothing refused is stored
 * once the broker is back; then webhooks are accepted again. Its own Spring context and broker (left running: the hub
 * closes its context at JVM exit, after the test).
 */
class ExternalBrokerOutageTest extends HubTest {

    private static final StandaloneBroker BROKER = StandaloneBroker.started();

    @DynamicPropertySource
    static void externalBroker(DynamicPropertyRegistry registry) {
        registry.add("spring.artemis.mode", () -> "native");
        registry.add("spring.artemis.broker-url", BROKER::failoverUrl);
    }

    @Test
    void whileTheBrokerIsStoppedWebhooksAreRefusedAtOnceAndNothingRefusedIsStoredLater() {
        ShopifyOrders before = new ShopifyOrders();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> deliver(before.created("2024-07-01T10:00:00Z")).statusCode() == 202);
        awaitOnlyOrder(before.email, order -> true);

        BROKER.stop();
        List<ShopifyOrders> refused = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                ShopifyOrders buyer = new ShopifyOrders();
                refused.add(buyer);
                long started = System.nanoTime();
                HttpResponse<String> answer = deliver(buyer.created("2024-07-01T10:00:00Z"));
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                assertThat(answer.statusCode()).as("webhook %d while the broker is stopped", i).isEqualTo(503);
                assertThat(took).as("answered at once, not after the JMS client's timeouts").isLessThan(Duration.ofSeconds(2));
                assertThat(answer.headers().firstValue("Retry-After")).isPresent();
                assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(json(answer).path("detail").asText()).isEqualTo("the message bus is unavailable; nothing was accepted, retry later");
            }
        } finally {
            BROKER.start();
        }

        ShopifyOrders after = new ShopifyOrders();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> deliver(after.created("2024-07-01T10:00:00Z")).statusCode() == 202);
        awaitOnlyOrder(after.email, order -> true);
        for (ShopifyOrders buyer : refused) {
            assertThat(jdbc.queryForObject("select count(*) from customer_order where source_system = 'shopify' and source_order_id = ?",
                    Integer.class, String.valueOf(buyer.orderId))).as("refused order %d", buyer.orderId).isZero();
        }
    }
}
