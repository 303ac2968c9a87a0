package io.junction.adapter.scm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.support.CarrierFixtures;
import io.junction.support.Fixture;
import io.junction.support.ShipmentBusTest;
import io.junction.support.Signatures;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Shippo, added with configuration and a mapping only: its t=…,v1=… HMAC over "t.body" with a replay window, and its
 * token in the URL, through the real endpoints into the shipment table, the bus and the shipments API.
 */
class ShippoWebhookTest extends ShipmentBusTest {

    private static final String HEADER = "Shippo-Auth-Signature";

    @Test
    void aSignedTrackUpdateBecomesAShipmentWithItsCheckpointsOnceHoweverOftenItIsSent() throws Exception {
        String tracking = CarrierFixtures.newTrackingNumber();

        HttpResponse<String> inTransit = deliver(CarrierFixtures.shippo("01-in-transit", tracking));
        assertThat(inTransit.statusCode()).as(inTransit.body()).isEqualTo(202);
        JsonNode event = updated(tracking).path("data");
        assertThat(event.path("status").asText()).isEqualTo("IN_TRANSIT");

        Fixture delivered = CarrierFixtures.shippo("02-delivered", tracking);
        HttpResponse<String> first = deliver(delivered);
        HttpResponse<String> again = deliver(delivered);
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(json(again).path("id").asText())
                .as("a redelivery is the same delivery")
                .isEqualTo(json(first).path("id").asText());
        assertThat(events(tracking, "shipment.updated", 1)).hasSize(1);
        assertThat(events(tracking, "shipment.updated", 0))
                .as("the redelivery has no second effect")
                .isEmpty();

        JsonNode shipment = onlyShipment(getAs(VIEWER, "/api/shipments?carrier=USPS&tracking=" + tracking));
        assertThat(shipment.path("carrier").asText()).isEqualTo("usps");
        assertThat(shipment.path("status").asText()).isEqualTo("DELIVERED");
        assertThat(shipment.path("linked").asBoolean()).isFalse();
        assertThat(shipment.path("checkpoints"))
                .extracting(c -> c.path("status").asText())
                .containsExactly("LABEL_CREATED", "PICKED_UP", "IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED");
        JsonNode last = shipment.path("checkpoints").get(4);
        assertThat(last.path("time").asText()).isEqualTo("2024-07-03T14:37:00Z");
        assertThat(last.path("location").asText()).isEqualTo("San Francisco, CA, 94110, US");
        assertThat(last.path("description").asText()).isEqualTo("Delivered, In/At Mailbox");
        assertThat(last.path("code").asText()).isEqualTo("DELIVERED.delivered");
    }

    @Test
    void aWrongSignatureAStaleTimestampOrAWrongTokenIsRefusedWith401AndNothingIsStored() {
        String tracking = CarrierFixtures.newTrackingNumber();
        Fixture fixture = CarrierFixtures.shippo("01-in-transit", tracking);
        byte[] body = fixture.body().toString().getBytes(StandardCharsets.UTF_8);
        long now = Instant.now().getEpochSecond();

        assertRefused(
                post(
                        "/webhooks/shippo",
                        body,
                        fixture.headers(),
                        HEADER,
                        Signatures.shippo("not-the-secret", now, body)),
                "signature in Shippo-Auth-Signature does not match the body");
        assertRefused(
                post(
                        "/webhooks/shippo",
                        body,
                        fixture.headers(),
                        HEADER,
                        Signatures.shippo(Signatures.DEV_SECRET, now - 600, body)),
                "beyond the tolerance of 300 s");
        assertRefused(
                post("/webhooks/shippo", body, fixture.headers(), HEADER, Signatures.header("aftership", body)[1]),
                "Shippo-Auth-Signature is not of the form");
        assertRefused(
                post("/webhooks/shippo", body, fixture.headers()), "missing signature header Shippo-Auth-Signature");
        assertRefused(
                post("/webhooks/shippo-token?token=guess", body, fixture.headers()),
                "the token in the webhook URL does not match");
        assertRefused(
                post("/webhooks/shippo-token", body, fixture.headers(), "token", Signatures.DEV_SECRET),
                "missing query parameter token");

        assertThat(jdbc.queryForObject(
                        "select count(*) from shipment where tracking_number = ?", Integer.class, tracking))
                .isZero();
    }

    @Test
    void theTokenInTheUrlAuthenticatesTheSameMapping() throws Exception {
        String tracking = CarrierFixtures.newTrackingNumber();
        byte[] body = CarrierFixtures.shippo("01-in-transit", tracking)
                .body()
                .toString()
                .getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response =
                post("/webhooks/shippo-token?token=" + Signatures.DEV_SECRET, body, java.util.Map.of());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(updated(tracking).path("data").path("checkpoints")).hasSize(3);
    }

    @Test
    void otherShippoEventsAreAcknowledgedAndIgnored() {
        HttpResponse<String> response = deliver(CarrierFixtures.load("shippo", "03-other-event"));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response).path("status").asText()).isEqualTo("ignored");
    }

    private static void assertRefused(HttpResponse<String> response, String reason) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(json(response).path("detail").asText()).contains(reason);
    }

    static JsonNode onlyShipment(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode shipments = json(response).path("shipments");
        assertThat(shipments).hasSize(1);
        return shipments.get(0);
    }
}
