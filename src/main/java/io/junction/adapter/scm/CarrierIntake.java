package io.junction.adapter.scm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.FieldError;
import io.junction.platform.failure.ProblemException;
import io.junction.webhook.WebhookRequests;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Shipment webhooks (AfterShip, EasyPost, Junction's generic carrier format, advance ship notices): the storefront's
 * checks at the door (size, media type, signature over the raw bytes), then the provider's mapping, the status table
 * and the report schema. The cause id derives from the delivery id, so a redelivered webhook has one effect.
 */
@Component
public class CarrierIntake {

    /** Headers the route reads: the cause id, and whether the webhook was one this hub has no use for. */
    public static final String CAUSE = "JunctionCause";

    public static final String IGNORED = "JunctionIgnored";

    private final ScmProperties properties;
    private final ShipmentReports reports;
    private final ObjectMapper json;
    private final int maxBodyBytes;
    private final Clock clock;

    public CarrierIntake(
            ScmProperties properties,
            ShipmentReports reports,
            ObjectMapper json,
            Clock clock,
            @Value("${junction.intake.max-body-bytes:1048576}") int maxBodyBytes) {
        this.properties = properties;
        this.reports = reports;
        this.json = json;
        this.maxBodyBytes = maxBodyBytes;
        this.clock = clock;
    }

    public void verify(Exchange exchange, String provider) {
        Message in = exchange.getMessage();
        in.setBody(WebhookRequests.verifiedBody(in, properties.provider(provider), maxBodyBytes, clock.instant()));
    }

    /** Maps the webhook to its reports (a list, for the tracker) and sets the cause id; or marks it ignored. */
    public void toReports(Exchange exchange, String providerName) {
        ScmProvider provider = properties.provider(providerName);
        Message in = exchange.getMessage();
        JsonNode payload = WebhookRequests.jsonObject(json, in.getBody(byte[].class));
        String source = WebhookRequests.sourceName(in, providerName);
        String headerId = provider.deliveryIdHeader() == null
                ? ""
                : WebhookRequests.requiredHeader(in, provider.deliveryIdHeader());
        ShipmentReports.Mapped mapped =
                reports.map(provider.mapping(), payload, Map.of("source", source, "deliveryId", headerId));
        in.getHeaders().clear();
        if (mapped.reports().isEmpty()) {
            in.setHeader(IGNORED, true);
            in.setBody(List.of());
            return;
        }
        if (mapped.deliveryId() == null || mapped.deliveryId().isBlank()) {
            throw ProblemException.badRequest(
                    "the webhook carries no delivery id", new FieldError("$", "no event id to deduplicate by"));
        }
        in.setHeader(
                CAUSE,
                UUID.nameUUIDFromBytes((providerName + "/" + source + "/" + mapped.deliveryId())
                                .getBytes(StandardCharsets.UTF_8))
                        .toString());
        in.setBody(mapped.reports());
    }

    /** 202 with the cause id (the same on a redelivery); "ignored" for an event type the hub has no use for. */
    public void accepted(Exchange exchange) throws Exception {
        Message out = exchange.getMessage();
        String cause = out.getHeader(CAUSE, String.class);
        boolean ignored = Boolean.TRUE.equals(out.getHeader(IGNORED, Boolean.class));
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 202);
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        out.setBody(json.writeValueAsString(
                ignored ? Map.of("status", "ignored") : Map.of("id", cause, "status", "accepted")));
    }
}
