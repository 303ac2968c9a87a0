package io.junction.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.canonical.Orders;
import io.junction.support.Fixture;
import io.junction.support.ShopifyOrders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A message's correlation id (a webhook's delivery id, an ERP status row's id, a 3PL file's name and lines) is in the
 * MDC of the log lines of the intake route and of the consumer on the far side of the bus, and names its journal entry.
 */
@ExtendWith(OutputCaptureExtension.class)
class CorrelationTest extends OpsHubTest {

    @Autowired
    @Qualifier("erpJdbcTemplate")
    JdbcTemplate erp;

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

    @Test
    void anErpStatusRowIsJournaledAndItsRowIdFollowsItAcrossTheBus(CapturedOutput output) {
        ShopifyOrders shop = new ShopifyOrders();
        assertThat(deliver(shop.created("2024-07-01T10:00:00Z")).statusCode()).isEqualTo(202);
        String hubOrderId = Orders.hubId("shopify", String.valueOf(shop.orderId));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> erp.queryForObject(
                                "select count(*) from erp_order_inbox where hub_order_id = ?",
                                Integer.class,
                                hubOrderId)
                        == 1);
        erp.update(
                "insert into erp_order_status (hub_order_id, status_code, status_time) values (?, 'A', ?)",
                hubOrderId,
                OffsetDateTime.now(ZoneOffset.UTC));
        long statusId = erp.queryForObject(
                "select max(status_id) from erp_order_status where hub_order_id = ?", Long.class, hubOrderId);
        String correlationId = "erp-order-status:" + statusId;

        JsonNode entry = awaitEntry(correlationId);
        assertThat(entry.path("source").asText()).isEqualTo("erp");
        assertThat(entry.path("messageId").asText()).isEqualTo(String.valueOf(statusId));
        assertThat(entry.path("eventType").asText()).isEqualTo("order.updated");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(output.getOut())
                .contains("[" + correlationId + " customer-view-orders]"));
    }

    @Test
    void aThreePlFileIsJournaledByFileAndLinesAndThoseFollowItsEventsAcrossTheBus(CapturedOutput output)
            throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        String name = "3pl-" + tag + ".csv";
        Path inbox = Files.createDirectories(dataDir().resolve("inbox/shipments"));
        Files.writeString(
                inbox.resolve(name + ".tmp"),
                "shipment_ref,order_ref,carrier,tracking_number,status_code,event_time,location,message\n"
                        + "SHIP-" + tag + ",#1042,DHL,JD" + tag + ",PU,2024-07-01T17:45:00Z,Reno,Picked up\n"
                        + ",,dhl,JD" + tag + ",IT,2024-07-02T06:10:00Z,Sacramento,In transit\n");
        Files.move(inbox.resolve(name + ".tmp"), inbox.resolve(name));
        String correlationId = "3pl-file:" + name + ":2-3";

        JsonNode entry = awaitEntry(correlationId);
        assertThat(entry.path("source").asText()).isEqualTo("3pl");
        assertThat(entry.path("messageType").asText()).isEqualTo("shipment-file");
        assertThat(entry.path("messageId").asText()).isEqualTo(name + ":2-3");
        assertThat(entry.path("outcome").asText()).isEqualTo("published");
        assertThat(entry.path("eventType").asText()).isEqualTo("shipment.updated");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(output.getOut())
                .contains("[" + correlationId + " customer-view-shipments]"));
    }

    private JsonNode awaitEntry(String correlationId) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode entries = json(getAs(VIEWER, "/api/ops/journal?correlationId=" + correlationId));
            found[0] = entries.size() == 1 ? entries.get(0) : null;
            return found[0] != null && !found[0].path("eventIds").isEmpty();
        });
        return found[0];
    }
}
