package io.junction.adapter.scm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.support.CarrierFixtures;
import io.junction.support.Fixture;
import io.junction.support.ShipmentBusTest;
import io.junction.support.Signatures;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Carrier webhooks through the real HTTP endpoints into the shipment table and onto junction.shipment. */
class CarrierWebhookTest extends ShipmentBusTest {

    @Test
    void eachVendorFormatBecomesACanonicalShipmentEvent() throws Exception {
        String ups = CarrierFixtures.newTrackingNumber(),
                usps = CarrierFixtures.newTrackingNumber(),
                acme = CarrierFixtures.newTrackingNumber();

        assertThat(deliver(CarrierFixtures.aftership("01-in-transit", ups, null))
                        .statusCode())
                .isEqualTo(202);
        assertThat(deliver(CarrierFixtures.easypost("02-delivered", usps)).statusCode())
                .isEqualTo(202);
        assertThat(deliver(CarrierFixtures.generic("01-in-transit", acme)).statusCode())
                .isEqualTo(202);

        JsonNode fromAftership = updated(ups);
        assertThat(fromAftership.path("source").asText()).isEqualTo("/scm");
        JsonNode data = fromAftership.path("data");
        assertThat(data.path("carrier").asText()).isEqualTo("ups");
        assertThat(data.path("status").asText()).isEqualTo("IN_TRANSIT");
        assertThat(data.path("promisedDate").asText()).isEqualTo("2024-07-05");
        assertThat(data.path("checkpoints"))
                .extracting(
                        c -> c.path("code").asText() + "=" + c.path("status").asText())
                .containsExactly(
                        "InfoReceived_001=LABEL_CREATED", "InTransit_002=PICKED_UP", "InTransit_007=IN_TRANSIT");

        JsonNode fromEasypost = updated(usps).path("data");
        assertThat(fromEasypost.path("carrier").asText()).isEqualTo("usps");
        assertThat(fromEasypost.path("status").asText()).isEqualTo("DELIVERED");
        assertThat(fromEasypost.path("deliveredAt").asText()).isEqualTo("2024-07-04T19:27:00Z");
        assertThat(fromEasypost.path("checkpoints")).hasSize(5);

        JsonNode fromGeneric = updated(acme).path("data");
        assertThat(fromGeneric.path("carrier").asText()).isEqualTo("acme-freight");
        assertThat(fromGeneric.path("status").asText()).isEqualTo("IN_TRANSIT");
        assertThat(fromGeneric.path("orderRef").asText()).isEqualTo("#1042");
    }

    @Test
    void aWrongOrMissingSignatureIsRefusedAndNothingIsStored() {
        String[] tracking = {
            CarrierFixtures.newTrackingNumber(),
            CarrierFixtures.newTrackingNumber(),
            CarrierFixtures.newTrackingNumber(),
            CarrierFixtures.newTrackingNumber()
        };
        for (Fixture fixture : List.of(
                CarrierFixtures.aftership("01-in-transit", tracking[0], null),
                CarrierFixtures.easypost("01-in-transit", tracking[1]),
                CarrierFixtures.generic("01-in-transit", tracking[2]),
                CarrierFixtures.asn("01-notice", tracking[3], "42"))) {
            byte[] body = fixture.body().toString().getBytes(StandardCharsets.UTF_8);
            String header = Signatures.header(fixture.dialect(), body)[0];
            byte[] tampered =
                    fixture.body().toString().replace("\"2024-07", "\"2025-07").getBytes(StandardCharsets.UTF_8);

            HttpResponse<String> forged = post(
                    fixture.path(), tampered, fixture.headers(), header, Signatures.header(fixture.dialect(), body)[1]);
            HttpResponse<String> unsigned = post(fixture.path(), body, fixture.headers());

            assertThat(forged.statusCode()).as(fixture + " forged").isEqualTo(401);
            assertThat(forged.headers().firstValue("Content-Type")).contains("application/problem+json");
            assertThat(json(forged).path("detail").asText()).contains(header);
            assertThat(unsigned.statusCode()).as(fixture + " unsigned").isEqualTo(401);
        }
        assertThat(jdbc.queryForObject(
                        "select count(*) from shipment where tracking_number in (?, ?, ?, ?)", Integer.class, (Object[])
                                tracking))
                .isZero();
    }

    @Test
    void badInputGetsAPreciseProblem() {
        Fixture good = CarrierFixtures.generic("01-in-transit", CarrierFixtures.newTrackingNumber());
        ObjectNode badTime = good.bodyCopy();
        ((ObjectNode) badTime.withArray("checkpoints").get(0)).put("time", "yesterday");

        HttpResponse<String> malformed = signed(good, "{\"trackingNumber\": ".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> schema = signed(good, badTime.toString().getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> noDeliveryId = signed(
                good.with(Map.of("X-Junction-Delivery-Id", ""), good.body()),
                good.body().toString().getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> ignored = deliver(CarrierFixtures.load("easypost", "05-other-event"));

        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(schema.statusCode()).isEqualTo(422);
        assertThat(json(schema).path("errors").get(0).path("field").asText()).isEqualTo("$.checkpoints[0].time");
        assertThat(noDeliveryId.statusCode()).isEqualTo(400);
        assertThat(ignored.statusCode())
                .as("other EasyPost events are acknowledged, so EasyPost does not retry them")
                .isEqualTo(202);
        assertThat(json(ignored).path("status").asText()).isEqualTo("ignored");
    }

    @Test
    void checkpointsOutOfOrderAndTwiceKeepOneHistoryInTimeOrder() throws Exception {
        String tracking = CarrierFixtures.newTrackingNumber();
        Fixture delivered = CarrierFixtures.aftership("02-delivered", tracking, null);
        Fixture inTransit = CarrierFixtures.aftership("01-in-transit", tracking, null);
        Fixture exception = CarrierFixtures.aftership("03-exception", tracking, null);

        HttpResponse<String> first = deliver(delivered);
        HttpResponse<String> again = deliver(delivered);
        assertThat(json(again).path("id").asText())
                .as("a redelivery has the same id")
                .isEqualTo(json(first).path("id").asText());
        deliver(inTransit);
        // an exception scanned before the delivery, reported after it: history, but not the status
        deliver(exception);

        List<JsonNode> updates = events(tracking, "shipment.updated", 2);
        assertThat(shipments.await(
                        e -> tracking.equals(
                                e.path("data").path("trackingNumber").asText()),
                        0,
                        1500))
                .as("the redelivery and the report with nothing new publish nothing")
                .isEmpty();
        JsonNode latest = updates.get(1).path("data");
        assertThat(latest.path("status").asText()).isEqualTo("DELIVERED");
        assertThat(latest.path("checkpoints"))
                .extracting(c -> c.path("code").asText())
                .containsExactly(
                        "InfoReceived_001",
                        "InTransit_002",
                        "InTransit_007",
                        "OutForDelivery_001",
                        "Exception_007",
                        "Delivered_001");
        assertThat(jdbc.queryForObject(
                        "select count(*) from shipment_checkpoint c join shipment s on s.id = c.shipment_id "
                                + "where s.tracking_number = ?",
                        Integer.class,
                        tracking))
                .isEqualTo(6);
    }

    @Test
    void anUnknownStatusCodeIsKeptRawAndFlaggedNotDropped() throws Exception {
        String tracking = CarrierFixtures.newTrackingNumber();
        deliver(CarrierFixtures.easypost("04-created-unknown", tracking));

        JsonNode data = updated(tracking).path("data");
        assertThat(data.has("status")).as("no known status yet").isFalse();
        assertThat(data.path("unknownCodes")).extracting(JsonNode::asText).containsExactly("unknown");
        assertThat(data.path("checkpoints").get(0).path("known").asBoolean()).isFalse();
        assertThat(data.path("checkpoints").get(0).path("code").asText()).isEqualTo("unknown");
    }

    private HttpResponse<String> signed(Fixture fixture, byte[] body) {
        String[] signature = Signatures.header(fixture.dialect(), body);
        return post(fixture.path(), body, fixture.headers(), signature[0], signature[1]);
    }
}
