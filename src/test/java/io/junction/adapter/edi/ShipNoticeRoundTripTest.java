package io.junction.adapter.edi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.platform.mapping.Mappings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An outbound ship notice (mappings/edi/*-out.jslt and the InterchangeWriter) is a valid interchange by StAEDI's
 * reading against the same schemas the hub holds partners to, and the inbound mapping reads back what was sent.
 */
class ShipNoticeRoundTripTest {

    private static final ObjectMapper JSON =
            JsonMapper.builder().findAndAddModules().build();
    private final Mappings mappings = new Mappings(io.junction.platform.home.HubFiles.in(Path.of(".")));
    private final InterchangeReader reader = new InterchangeReader(io.junction.platform.home.HubFiles.in(Path.of(".")));
    private final InterchangeWriter writer = new InterchangeWriter();

    @ParameterizedTest
    @CsvSource({"EDIFACT, DESADV, edi/edifact-desadv-out, edi/edifact-desadv", "X12, 856, edi/x12-856-out, edi/x12-856"
    })
    void aShipNoticeReadsBackAsTheShipmentItAnnounces(
            EdiProperties.Standard standard, String type, String out, String in) throws Exception {
        JsonNode shipment = JSON.readTree("""
                {"shipmentId": "5b1e0c9a-0000-4000-8000-000000000001", "shipmentRef": "SHIP-1042", "carrier": "ups",
                 "trackingNumber": "1Z999AA10123456784", "status": "IN_TRANSIT", "promisedDate": "2024-07-05",
                 "order": {"sourceSystem": "edi-brightside", "sourceOrderId": "PO-4711", "orderNumber": "PO-4711"},
                 "lines": [{"sku": "TMH-CHR-M", "quantity": 4}, {"sku": "TRL-BTL-750", "quantity": 12}],
                 "checkpoints": [{"time": "2024-07-01T08:00:00Z", "code": "LC", "status": "LABEL_CREATED", "known": true},
                                 {"time": "2024-07-02T17:45:00Z", "code": "PU", "status": "PICKED_UP", "known": true}]}""");
        ObjectNode input = JSON.createObjectNode();
        input.set("shipment", shipment);
        input.put("date", "20240702").put("time", "1800");
        input.putObject("partner")
                .put("id", "brightside")
                .put("theirId", "5412345000013")
                .put("ourId", "4012345000009");

        String written = writer.write(
                standard,
                new InterchangeWriter.Envelope(
                        "14", "4012345000009", "14", "5412345000013", 42, OffsetDateTime.parse("2024-07-02T18:00:00Z")),
                type,
                mappings.apply(out, input, Map.of()));

        Interchange read = reader.read(written.getBytes(StandardCharsets.UTF_8));
        assertThat(read.sender()).isEqualTo("4012345000009");
        assertThat(read.receiver()).isEqualTo("5412345000013");
        assertThat(Long.parseLong(read.controlNumber())).isEqualTo(42);
        assertThat(read.messages()).hasSize(1);
        JsonNode tree =
                JSON.createObjectNode().set("body", read.messages().get(0).body());
        JsonNode report = mappings.apply(in, tree, Map.of("source", "hub", "deliveryId", "1"))
                .path("data");
        assertThat(report.path("shipmentRef").asText()).isEqualTo("SHIP-1042");
        assertThat(report.path("orderRef").asText()).isEqualTo("PO-4711");
        assertThat(report.path("carrier").asText()).isEqualTo("ups");
        assertThat(report.path("trackingNumber").asText()).isEqualTo("1Z999AA10123456784");
        assertThat(report.path("promisedDate").asText()).isEqualTo("2024-07-05");
        assertThat(report.path("lines").toString())
                .isEqualTo("[{\"sku\":\"TMH-CHR-M\",\"quantity\":4},{\"sku\":\"TRL-BTL-750\",\"quantity\":12}]");
        assertThat(report.path("checkpoints").get(0).path("time").asText())
                .as("despatched when picked up")
                .isEqualTo("2024-07-02T00:00:00Z");
    }
}
