package io.junction.adapter.scm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.canonical.Orders;
import io.junction.support.CarrierFixtures;
import io.junction.support.HubTest;
import io.junction.support.ShopifyOrders;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A storefront order through the ERP's shipment to delivery in the customer view: the Shopify webhook, the ERP's
 * staging and status tables, the carrier's webhook, the bus in between, and the customer view's API at the end.
 */
class LogisticsEndToEndTest extends HubTest {

    @Autowired
    @Qualifier("erpJdbcTemplate")
    JdbcTemplate erp;

    @Test
    void aStorefrontOrderShippedByTheErpAndDeliveredByTheCarrierIsDeliveredInTheCustomerView() {
        ShopifyOrders shop = new ShopifyOrders();
        String hubOrderId = Orders.hubId("shopify", String.valueOf(shop.orderId));
        String tracking = CarrierFixtures.newTrackingNumber();

        deliver(shop.created("2024-07-01T10:00:00Z"));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> erp.queryForObject(
                                "select count(*) from erp_order_inbox where hub_order_id = ?",
                                Integer.class,
                                hubOrderId)
                        == 1);
        // the ERP ships the order: its status row names the carrier's tracking number as the shipment ref
        erp.update(
                "insert into erp_order_status (hub_order_id, status_code, shipment_ref, status_time) values (?, 'SH', ?, ?)",
                hubOrderId,
                tracking,
                OffsetDateTime.now(ZoneOffset.UTC));
        awaitOnlyOrder(shop.email, o -> o.path("status").asText().equals("SHIPPED"));

        // the carrier's tracking service reports the parcel delivered; it knows nothing of the order
        assertThat(deliver(CarrierFixtures.aftership("02-delivered", tracking, null))
                        .statusCode())
                .isEqualTo(202);

        JsonNode order =
                awaitOnlyOrder(shop.email, o -> o.path("status").asText().equals("DELIVERED"));
        assertThat(order.path("statusHistory"))
                .extracting(
                        h -> h.path("status").asText() + "/" + h.path("applied").asBoolean())
                .containsExactly("PLACED/true", "SHIPPED/true", "DELIVERED/true");
        JsonNode delivered = order.path("statusHistory").get(2);
        assertThat(delivered.path("note").asText()).isEqualTo("delivered: ups " + tracking);
        assertThat(delivered.path("sourceTime").asText()).isEqualTo("2024-07-04T21:41:00Z");
        JsonNode shipment = order.path("shipments").get(0);
        assertThat(shipment.path("status").asText()).isEqualTo("DELIVERED");
        assertThat(shipment.path("carrier").asText()).isEqualTo("ups");
        assertThat(shipment.path("checkpoints")).hasSize(5);
        assertThat(order.path("lines")).as("the existing fields stay").hasSize(2);
    }
}
