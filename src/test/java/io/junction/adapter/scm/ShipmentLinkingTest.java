package io.junction.adapter.scm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.canonical.Orders;
import io.junction.platform.bus.EventHeaders;
import io.junction.support.CarrierFixtures;
import io.junction.support.ShipmentBusTest;
import io.junction.support.ShopifyOrders;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Shipments find their orders whichever arrives first, within the link wait; the customer view shows them. */
class ShipmentLinkingTest extends ShipmentBusTest {

    @Autowired
    ProducerTemplate producer;

    @Test
    void aShipmentReportedBeforeItsOrderWaitsAndIsLinkedWhenTheOrderArrives() throws Exception {
        ShopifyOrders shop = new ShopifyOrders();
        String tracking = CarrierFixtures.newTrackingNumber();

        deliver(CarrierFixtures.aftership("01-in-transit", tracking, String.valueOf(shop.orderId)));
        JsonNode waiting = updated(tracking);
        assertThat(waiting.path("data").has("order")).as("not linked yet").isFalse();
        assertThat(linkState(tracking)).isEqualTo("WAITING");

        deliver(shop.created("2024-07-01T10:00:00Z"));

        JsonNode linked = updated(tracking).path("data").path("order");
        assertThat(linked.path("sourceSystem").asText()).isEqualTo("shopify");
        assertThat(linked.path("sourceOrderId").asText()).isEqualTo(String.valueOf(shop.orderId));
        JsonNode order = awaitOnlyOrder(shop.email, o -> o.path("shipments").size() == 1);
        assertThat(order.path("shipments").get(0).path("trackingNumber").asText())
                .isEqualTo(tracking);
        assertThat(order.path("shipments").get(0).path("status").asText()).isEqualTo("IN_TRANSIT");
        assertThat(order.path("status").asText())
                .as("in transit does not change the order's status")
                .isEqualTo("PLACED");
    }

    @Test
    void aShipmentForAnOrderAlreadyKnownIsLinkedAtOnceByItsAdvanceShipNotice() throws Exception {
        ShopifyOrders shop = new ShopifyOrders();
        String tracking = CarrierFixtures.newTrackingNumber();
        deliver(shop.created("2024-07-01T10:00:00Z"));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from scm_order where source_order_id = ?",
                                Integer.class,
                                String.valueOf(shop.orderId))
                        == 1);

        deliver(CarrierFixtures.asn("01-notice", tracking, String.valueOf(shop.orderId)));

        JsonNode data = updated(tracking).path("data");
        assertThat(data.path("order").path("sourceOrderId").asText()).isEqualTo(String.valueOf(shop.orderId));
        assertThat(data.path("shipmentRef").asText()).isEqualTo("ASN-" + tracking);
        assertThat(data.path("promisedDate").asText()).isEqualTo("2024-07-05");
        assertThat(data.path("lines"))
                .extracting(
                        l -> l.path("sku").asText() + "x" + l.path("quantity").asInt())
                .containsExactly("TMH-CHR-Mx1", "TRL-BTL-750x2");

        // the carrier's report later finds the same shipment by its tracking number, already linked
        deliver(CarrierFixtures.aftership("01-in-transit", tracking, null));
        JsonNode tracked = updated(tracking).path("data");
        assertThat(tracked.path("shipmentRef").asText()).isEqualTo("ASN-" + tracking);
        assertThat(tracked.path("status").asText()).isEqualTo("IN_TRANSIT");
        assertThat(jdbc.queryForObject(
                        "select count(*) from shipment where tracking_number = ?", Integer.class, tracking))
                .isEqualTo(1);
    }

    @Test
    void aShipmentWhoseOrderDidNotArriveInTimeStopsWaitingAndIsNotLinkedLater() throws Exception {
        ShopifyOrders shop = new ShopifyOrders();
        String tracking = CarrierFixtures.newTrackingNumber();
        deliver(CarrierFixtures.aftership("01-in-transit", tracking, String.valueOf(shop.orderId)));
        updated(tracking);
        // as if junction.shipments.link-wait had passed
        jdbc.update(
                "update shipment set link_deadline = ? where tracking_number = ?",
                OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1),
                tracking);
        await().atMost(Duration.ofSeconds(10)).until(() -> "ORPHANED".equals(linkState(tracking)));

        deliver(shop.created("2024-07-01T10:00:00Z"));
        awaitOnlyOrder(shop.email, o -> true);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from scm_order where source_order_id = ?",
                                Integer.class,
                                String.valueOf(shop.orderId))
                        == 1);

        assertThat(jdbc.queryForObject(
                        "select order_id from shipment where tracking_number = ?", String.class, tracking))
                .isNull();
        assertThat(awaitOnlyOrder(shop.email, o -> true).path("shipments")).isEmpty();
    }

    @Test
    void aShipmentAndItsOrderArrivingAtTheSameMomentAreLinkedByTheSweep() throws Exception {
        String tracking = CarrierFixtures.newTrackingNumber();
        String orderId = "race-" + tracking;
        deliver(CarrierFixtures.aftership("01-in-transit", tracking, orderId));
        updated(tracking);
        // the order's transaction committed without seeing the shipment, which was not committed yet either
        jdbc.update(
                "insert into scm_order (hub_order_id, source_system, source_order_id, seen_at) values (?, 'shopify', ?, ?)",
                Orders.hubId("shopify", orderId),
                orderId,
                OffsetDateTime.now(ZoneOffset.UTC));

        JsonNode linked = updated(tracking).path("data").path("order");
        assertThat(linked.path("sourceOrderId").asText()).isEqualTo(orderId);
        assertThat(linkState(tracking)).isEqualTo("LINKED");
    }

    @Test
    void aDeliveryTheCustomerViewSeesBeforeTheOrderDeliversTheOrderWhenItArrives() {
        ShopifyOrders shop = new ShopifyOrders();
        String shipmentId = UUID.randomUUID().toString();
        // the customer view reads shipments and orders from separate queues: here the shipment's comes first
        String eventId = UUID.randomUUID().toString();
        producer.sendBodyAndHeader(
                "jms:topic:junction.shipment",
                """
                {"specversion":"1.0","id":"%s","source":"/scm","type":"shipment.delivered","time":"2024-07-04T22:00:00Z",
                 "data":{"shipmentId":"%s","carrier":"ups","trackingNumber":"1ZEARLY%d","status":"DELIVERED",
                         "order":{"sourceSystem":"shopify","sourceOrderId":"%d"},"deliveredAt":"2024-07-04T21:41:00Z",
                         "checkpoints":[{"time":"2024-07-04T21:41:00Z","code":"Delivered_001","status":"DELIVERED","known":true}],
                         "updatedAt":"2024-07-04T22:00:00Z"}}
                """.formatted(eventId, shipmentId, shop.orderId, shop.orderId),
                EventHeaders.EVENT_ID,
                eventId);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.queryForObject(
                                "select count(*) from order_shipment where shipment_id = ?", Integer.class, shipmentId)
                        == 1);

        deliver(shop.created("2024-07-01T10:00:00Z"));

        JsonNode order =
                awaitOnlyOrder(shop.email, o -> o.path("status").asText().equals("DELIVERED"));
        assertThat(order.path("statusHistory"))
                .extracting(
                        h -> h.path("status").asText() + "/" + h.path("applied").asBoolean())
                .containsExactly("PLACED/true", "DELIVERED/true");
        assertThat(order.path("shipments").get(0).path("shipmentId").asText()).isEqualTo(shipmentId);
    }

    private String linkState(String tracking) {
        return jdbc.queryForObject("select link_state from shipment where tracking_number = ?", String.class, tracking);
    }
}
