package io.junction.adapter.scm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.support.CarrierFixtures;
import io.junction.support.Fixture;
import io.junction.support.ShipmentBusTest;
import io.junction.support.ShopifyOrders;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Shopify's own tracking becomes shipments: its fulfillments/create and fulfillments/update webhooks, and the
 * fulfillments[] of an order, through the real Shopify webhook into the shipment table and the shipments API, linked
 * to their order, once per fulfillment however often Shopify sends it.
 */
class ShopifyFulfillmentTest extends ShipmentBusTest {

    @Test
    void anOrdersFulfillmentIsAShipmentLinkedToItAndItsUpdateChangesThatShipment() throws Exception {
        ShopifyOrders shop = new ShopifyOrders();
        long fulfillmentId = shop.orderId + 7;
        String tracking = CarrierFixtures.newTrackingNumber();
        assertThat(deliver(shop.created("2024-07-01T10:00:00Z")).statusCode()).isEqualTo(202);

        HttpResponse<String> created = deliver(
                shop.fulfillment("fulfillments/create", fulfillmentId, tracking, null, "2024-07-01T15:00:00-07:00"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(202);
        JsonNode shipment = awaitOrderShipment(shop, s -> s.path("linked").asBoolean());
        assertThat(shipment.path("carrier").asText()).isEqualTo("ups");
        assertThat(shipment.path("tracking").asText()).isEqualTo(tracking);
        assertThat(shipment.path("shipmentRef").asText()).isEqualTo("shopify-fulfillment-" + fulfillmentId);
        assertThat(shipment.path("status").asText()).isEqualTo("LABEL_CREATED");
        assertThat(shipment.path("order").path("sourceOrderId").asText()).isEqualTo(String.valueOf(shop.orderId));
        assertThat(shipment.path("lines"))
                .extracting(
                        l -> l.path("sku").asText() + "x" + l.path("quantity").asInt())
                .containsExactly("TMH-CHR-Mx1", "variant-44012345679002x2");

        Fixture update = shop.fulfillment(
                "fulfillments/update", fulfillmentId, tracking, "in_transit", "2024-07-02T08:00:00-07:00");
        HttpResponse<String> first = deliver(update);
        HttpResponse<String> again = deliver(update);
        assertThat(json(again).path("id").asText())
                .as("a redelivery is the same delivery")
                .isEqualTo(json(first).path("id").asText());

        JsonNode updated =
                awaitOrderShipment(shop, s -> s.path("status").asText().equals("IN_TRANSIT"));
        assertThat(updated.path("id").asText())
                .as("the same shipment")
                .isEqualTo(shipment.path("id").asText());
        assertThat(updated.path("checkpoints"))
                .extracting(c -> c.path("code").asText())
                .containsExactly("success", "in_transit");
        assertThat(jdbc.queryForObject(
                        "select count(*) from shipment where shipment_ref = ?",
                        Integer.class,
                        "shopify-fulfillment-" + fulfillmentId))
                .isEqualTo(1);
    }

    @Test
    void aFulfilledOrderCarriesItsTrackingIntoAShipmentAndStaysAnOrderUpdate() throws Exception {
        ShopifyOrders shop = new ShopifyOrders();
        String tracking = CarrierFixtures.newTrackingNumber();

        HttpResponse<String> response = deliver(shop.fulfilled("2024-07-01T12:00:00Z", shop.orderId + 3, tracking));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(json(response).path("type").asText()).isEqualTo("order.updated");
        assertThat(awaitOnlyOrder(shop.email, o -> o.path("status").asText().equals("SHIPPED")))
                .isNotNull();
        JsonNode shipment = awaitOrderShipment(shop, s -> s.path("linked").asBoolean());
        assertThat(shipment.path("tracking").asText()).isEqualTo(tracking);
        // the shipment's events up to its link to the order (one, or two when the shipment came before the order)
        JsonNode linked = shipments
                .await(
                        e -> tracking.equals(
                                        e.path("data").path("trackingNumber").asText())
                                && e.path("data").path("order").has("sourceOrderId"),
                        1,
                        0)
                .get(0);
        assertThat(linked.path("data").path("carrier").asText()).isEqualTo("ups");

        // the same order sent again (a new webhook, nothing new about its fulfillment): still one shipment, no news
        HttpResponse<String> repeated = deliver(shop.fulfilled("2024-07-01T12:00:00Z", shop.orderId + 3, tracking));
        assertThat(repeated.statusCode()).isEqualTo(202);
        assertThat(events(tracking, "shipment.updated", 0)).isEmpty();
        assertThat(jdbc.queryForObject(
                        "select count(*) from shipment where tracking_number = ?", Integer.class, tracking))
                .isEqualTo(1);
    }

    @Test
    void anOrderWithoutFulfillmentsMakesNoShipment() {
        ShopifyOrders shop = new ShopifyOrders();

        assertThat(deliver(shop.updated("2024-07-01T12:00:00Z", null)).statusCode())
                .isEqualTo(202);

        awaitOnlyOrder(shop.email, o -> true);
        assertThat(json(getAs(VIEWER, "/api/shipments?orderSystem=shopify&orderId=" + shop.orderId))
                        .path("shipments"))
                .isEmpty();
    }

    /** The order's one shipment in the shipments API, once it satisfies {@code ready}. */
    private JsonNode awaitOrderShipment(ShopifyOrders shop, java.util.function.Predicate<JsonNode> ready) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    JsonNode shipments = json(getAs(
                                    VIEWER, "/api/shipments?orderSystem=shopify&orderId=" + shop.orderId))
                            .path("shipments");
                    found[0] = shipments.size() == 1 ? shipments.get(0) : null;
                    return found[0] != null && ready.test(found[0]);
                });
        return found[0];
    }
}
