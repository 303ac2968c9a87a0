package io.junction.view.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.support.HubTest;
import io.junction.support.ShopifyOrders;
import org.junit.jupiter.api.Test;

/** Order status only moves forward; stale and backward reports are recorded in the history, not applied. */
class OrderStatusTest extends HubTest {

    @Test
    void statusMovesForwardAndRecordsWhatItDoesNotApply() {
        ShopifyOrders shop = new ShopifyOrders();
        String id = String.valueOf(shop.orderId);

        assertThat(deliver(shop.created("2024-07-01T10:00:00Z")).statusCode()).isEqualTo(202);
        awaitOnlyOrder(shop.email, o -> o.path("status").asText().equals("PLACED"));

        assertThat(deliver(shop.updated("2024-07-02T10:00:00Z", "fulfilled")).statusCode())
                .isEqualTo(202);
        awaitOnlyOrder(shop.email, o -> o.path("status").asText().equals("SHIPPED"));

        // newer, but a step backwards (the storefront forgot the fulfilment): recorded, not applied
        assertThat(deliver(shop.updated("2024-07-03T10:00:00Z", null)).statusCode())
                .isEqualTo(202);
        JsonNode order = awaitOnlyOrder(shop.email, o -> o.path("statusHistory").size() == 3);
        assertThat(order.path("status").asText()).isEqualTo("SHIPPED");
        JsonNode backward = order.path("statusHistory").get(2);
        assertThat(backward.path("status").asText()).isEqualTo("PLACED");
        assertThat(backward.path("applied").asBoolean()).isFalse();
        assertThat(backward.path("note").asText()).isEqualTo("status cannot move from SHIPPED to PLACED");

        // older than what the hub knows (a delayed delivery of an early cancellation): recorded as stale
        assertThat(deliver(shop.cancelled("2024-07-01T12:00:00Z")).statusCode()).isEqualTo(202);
        order = awaitOnlyOrder(shop.email, o -> o.path("statusHistory").size() == 4);
        assertThat(order.path("status").asText()).isEqualTo("SHIPPED");
        JsonNode stale = order.path("statusHistory").get(3);
        assertThat(stale.path("status").asText()).isEqualTo("CANCELLED");
        assertThat(stale.path("applied").asBoolean()).isFalse();
        assertThat(stale.path("note").asText()).startsWith("stale");

        assertThat(order.path("statusHistory").get(0).path("applied").asBoolean())
                .isTrue();
        assertThat(order.path("statusHistory").get(1).path("previousStatus").asText())
                .isEqualTo("PLACED");
        assertThat(order.path("sourceOrderId").asText()).isEqualTo(id);
    }

    @Test
    void anUpdateThatArrivesBeforeItsCreateStillBuildsTheOrder() {
        ShopifyOrders shop = new ShopifyOrders();

        assertThat(deliver(shop.updated("2024-07-02T10:00:00Z", "fulfilled")).statusCode())
                .isEqualTo(202);
        awaitOnlyOrder(shop.email, o -> o.path("status").asText().equals("SHIPPED"));
        assertThat(deliver(shop.created("2024-07-01T10:00:00Z")).statusCode()).isEqualTo(202);

        JsonNode order = awaitOnlyOrder(shop.email, o -> o.path("statusHistory").size() == 2);
        assertThat(order.path("status").asText()).isEqualTo("SHIPPED");
        assertThat(order.path("statusHistory").get(1).path("applied").asBoolean())
                .isFalse();
    }
}
