package io.junction.adapter.scm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.support.CarrierFixtures;
import io.junction.support.Fixture;
import io.junction.support.ShipmentBusTest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The sweep raises shipment.delayed once per shipment and cause, however many times it runs. */
class DelayDetectionTest extends ShipmentBusTest {

    private final OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

    @Test
    void anEstimatePastThePromisedDateIsRaisedOnce() throws Exception {
        String tracking = CarrierFixtures.newTrackingNumber();
        Fixture notice = CarrierFixtures.asn("01-notice", tracking, "unknown-order");
        ((ObjectNode) notice.body())
                .put("promisedDeliveryDate", now.plusDays(3).toLocalDate().toString());
        deliver(notice);
        report(tracking, now.plusDays(3).toLocalDate().toString(), "IN_TRANSIT", now);
        assertThat(delays(tracking, 0))
                .as("an estimate on the promised date is not late")
                .isEmpty();

        report(tracking, now.plusDays(5).toLocalDate().toString(), "IN_TRANSIT", now.plusSeconds(1));

        JsonNode delay = delays(tracking, 1).get(0).path("data");
        assertThat(delay.path("delay").path("cause").asText()).isEqualTo("ESTIMATE_AFTER_PROMISED");
        assertThat(delay.path("delay").path("detail").asText())
                .contains(now.plusDays(5).toLocalDate().toString());
        assertThat(delays(tracking, 0)).as("later sweeps raise nothing more").isEmpty();
    }

    @Test
    void silenceLongerThanTheWindowIsRaisedOnce() throws Exception {
        String tracking = CarrierFixtures.newTrackingNumber();
        report(tracking, null, "IN_TRANSIT", now.minusDays(4));

        List<JsonNode> raised = delays(tracking, 1);
        assertThat(raised.get(0).path("data").path("delay").path("cause").asText())
                .isEqualTo("SILENCE");
        assertThat(raised.get(0).path("data").path("delays")).hasSize(1);
        assertThat(delays(tracking, 0)).isEmpty();
        assertThat(jdbc.queryForObject(
                        "select count(*) from shipment_delay d join shipment s on s.id = d.shipment_id "
                                + "where s.tracking_number = ?",
                        Integer.class,
                        tracking))
                .isEqualTo(1);
    }

    @Test
    void anExceptionIsAnnouncedAtOnceAndRaisedAsADelayOnce() throws Exception {
        String tracking = CarrierFixtures.newTrackingNumber();
        report(tracking, null, "EXCEPTION", now);

        assertThat(events(tracking, "shipment.exception", 1)).hasSize(1);
        assertThat(delays(tracking, 1)
                        .get(0)
                        .path("data")
                        .path("delay")
                        .path("cause")
                        .asText())
                .isEqualTo("EXCEPTION");

        // a second exception is news, but the shipment is late for the same cause still
        report(tracking, null, "EXCEPTION", now.plusMinutes(5));
        assertThat(events(tracking, "shipment.exception", 1)).hasSize(1);
        assertThat(delays(tracking, 0)).isEmpty();
    }

    @Test
    void aDeliveredShipmentIsNeverLate() throws Exception {
        String tracking = CarrierFixtures.newTrackingNumber();
        report(tracking, null, "DELIVERED", now.minusDays(10));

        assertThat(events(tracking, "shipment.updated", 1)).hasSize(1);
        assertThat(delays(tracking, 0)).isEmpty();
    }

    /** A generic carrier report with one checkpoint. */
    private void report(String tracking, String estimatedDelivery, String status, OffsetDateTime at) {
        Fixture base = CarrierFixtures.generic("01-in-transit", tracking);
        ObjectNode body = base.bodyCopy();
        body.remove("orderRef");
        if (estimatedDelivery == null) {
            body.remove("estimatedDelivery");
        } else {
            body.put("estimatedDelivery", estimatedDelivery);
        }
        ArrayNode checkpoints = body.putArray("checkpoints");
        checkpoints.addObject().put("time", CarrierFixtures.time(at)).put("status", status);
        assertThat(deliver(base.with(
                                Map.of(
                                        "X-Junction-Delivery-Id",
                                        UUID.randomUUID().toString()),
                                body))
                        .statusCode())
                .isEqualTo(202);
    }

    private List<JsonNode> delays(String tracking, int expected) throws Exception {
        return events(tracking, "shipment.delayed", expected);
    }
}
