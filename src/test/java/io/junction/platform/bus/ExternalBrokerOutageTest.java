package io.junction.platform.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.junction.support.CarrierFixtures;
import io.junction.support.HubTest;
import io.junction.support.ShopifyOrders;
import io.junction.support.StandaloneBroker;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The hub against an external broker (spring.artemis.mode=native, the production failover URL): while the broker is
 * stopped every webhook is refused within 2 s with 503 + Retry-After as problem+json, and nothing refused is stored
 * once the broker is back; then webhooks are accepted again. A carrier webhook, whose report and events are stored
 * in the database before any send, is accepted meanwhile and its events are published once the broker is back. Its own Spring context and broker (left running: the hub
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
        String tracking = CarrierFixtures.newTrackingNumber();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
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

                assertThat(answer.statusCode())
                        .as("webhook %d while the broker is stopped", i)
                        .isEqualTo(503);
                assertThat(took)
                        .as("answered at once, not after the JMS client's timeouts")
                        .isLessThan(Duration.ofSeconds(2));
                assertThat(answer.headers().firstValue("Retry-After")).isPresent();
                assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/problem+json");
                assertThat(json(answer).path("detail").asText())
                        .isEqualTo("the message bus is unavailable; nothing was accepted, retry later");
            }
            // a carrier report is stored with its events in the database first: accepted, published once the bus is
            // back
            long started = System.nanoTime();
            assertThat(deliver(CarrierFixtures.generic("01-in-transit", tracking))
                            .statusCode())
                    .isEqualTo(202);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
            assertThat(jdbc.queryForObject(
                            "select count(*) from shipment where tracking_number = ?", Integer.class, tracking))
                    .isOne();
            assertThat(unpublishedEvents()).as("its events wait in the outbox").isPositive();
        } finally {
            BROKER.start();
        }

        ShopifyOrders after = new ShopifyOrders();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> deliver(after.created("2024-07-01T10:00:00Z")).statusCode() == 202);
        awaitOnlyOrder(after.email, order -> true);
        await().atMost(Duration.ofSeconds(30)).until(() -> unpublishedEvents() == 0);
        for (ShopifyOrders buyer : refused) {
            assertThat(jdbc.queryForObject(
                            "select count(*) from customer_order where source_system = 'shopify' and source_order_id = ?",
                            Integer.class,
                            String.valueOf(buyer.orderId)))
                    .as("refused order %d", buyer.orderId)
                    .isZero();
        }
    }

    private int unpublishedEvents() {
        return jdbc.queryForObject("select count(*) from event_outbox where published_at is null", Integer.class);
    }
}
