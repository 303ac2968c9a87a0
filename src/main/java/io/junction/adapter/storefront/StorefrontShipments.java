package io.junction.adapter.storefront;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.adapter.scm.ShipmentReports;
import io.junction.webhook.WebhookRequests;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.stereotype.Component;

/**
 * Shipments a storefront knows of, from its own webhooks: Shopify's fulfillments (the fulfillments/* topics, and the
 * fulfillments[] of an order) become shipment reports through the dialect's {@code shipment-mapping}, linked to their
 * order by its id. Their cause id derives from the delivery id, so a redelivered webhook applies them once.
 */
@Component
public class StorefrontShipments {

    private final StorefrontProperties storefront;
    private final ShipmentReports reports;
    private final ObjectMapper json;

    public StorefrontShipments(StorefrontProperties storefront, ShipmentReports reports, ObjectMapper json) {
        this.storefront = storefront;
        this.reports = reports;
        this.json = json;
    }

    /** Sets the reports (and their cause id) as exchange properties when the webhook carries any; the body is unchanged. */
    public void map(Exchange exchange, String dialectName) {
        StorefrontDialect dialect = storefront.dialect(dialectName);
        if (dialect.shipmentMapping() == null) {
            return;
        }
        Message in = exchange.getMessage();
        // what storefrontIntake.identify read from the webhook
        String topic = exchange.getVariable(StorefrontIntake.TOPIC, String.class);
        String deliveryId = exchange.getVariable(StorefrontIntake.DELIVERY_ID, String.class);
        String source = exchange.getVariable(StorefrontIntake.SOURCE, String.class);
        ShipmentReports.Mapped mapped = reports.map(
                dialect.shipmentMapping(),
                WebhookRequests.jsonObject(json, in.getBody(byte[].class)),
                Map.of("topic", topic, "source", source, "deliveryId", deliveryId));
        if (!mapped.reports().isEmpty()) {
            exchange.setProperty(StorefrontIntake.SHIPMENT_REPORTS, mapped.reports());
            exchange.setProperty(
                    StorefrontIntake.SHIPMENT_CAUSE,
                    UUID.nameUUIDFromBytes((dialectName + "/" + source + "/" + deliveryId + "/shipments")
                                    .getBytes(StandardCharsets.UTF_8))
                            .toString());
        }
    }
}
