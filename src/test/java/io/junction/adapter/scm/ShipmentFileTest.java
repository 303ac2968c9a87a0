package io.junction.adapter.scm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.support.ShipmentBusTest;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** 3PL shipment files dropped into the inbox: good, bad and large (streamed), on the real database and bus. */
class ShipmentFileTest extends ShipmentBusTest {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private static final String HEADER =
            "shipment_ref,order_ref,carrier,tracking_number,status_code,event_time,location,message\n";

    private final String tag = UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    private Path inbox;

    @BeforeEach
    void inbox() throws Exception {
        inbox = Files.createDirectories(dataDir().resolve("inbox/shipments"));
    }

    @Test
    void aGoodFileIsAppliedAndMovedToDone() throws Exception {
        String tracking = "JD" + tag;
        drop(
                "good-" + tag + ".csv",
                HEADER
                        + "SHIP-" + tag + ",#1042,DHL," + tracking + ",PU,2024-07-01T17:45:00Z,\"Reno, NV\",Picked up\n"
                        + "," + ",dhl," + tracking + ",IT,2024-07-02T06:10:00Z,\"Sacramento, CA\",In transit\n"
                        + "," + ",dhl," + tracking + ",ZZ,2024-07-02T09:00:00Z,,Code the table does not know\n");

        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(inbox.resolve("done/good-" + tag + ".csv")));
        JsonNode data = updated(tracking).path("data");
        assertThat(data.path("shipmentRef").asText()).isEqualTo("SHIP-" + tag);
        assertThat(data.path("status").asText())
                .as("status follows the latest known code")
                .isEqualTo("IN_TRANSIT");
        assertThat(data.path("checkpoints"))
                .extracting(c -> c.path("code").asText() + "/" + c.path("known").asBoolean())
                .containsExactly("PU/true", "IT/true", "ZZ/false");
        assertThat(Files.exists(inbox.resolve("error/good-" + tag + ".csv.errors.txt")))
                .isFalse();
    }

    @Test
    void aFileWithBadLinesNamesThemAndGoesToErrorWhileItsGoodLinesAreApplied() throws Exception {
        String tracking = "JD" + tag;
        String name = "partly-" + tag + ".csv";
        drop(
                name,
                HEADER
                        + ",,dhl," + tracking + ",PU,2024-07-01T17:45:00Z,,Picked up\n"
                        + ",,dhl," + tracking + ",IT,yesterday,,In transit\n"
                        + ",,dhl," + tracking + ",,2024-07-02T06:10:00Z,,No code\n"
                        + ",,dhl," + tracking + "\n"
                        + ",,dhl,,IT,2024-07-02T06:10:00Z,,No shipment\n");

        Path report = inbox.resolve("error/" + name + ".errors.txt");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(inbox.resolve("error/" + name)) && Files.exists(report));
        assertThat(Files.readString(report))
                .contains("1 good line(s) applied, 4 bad")
                .contains("line 3: event_time must be an ISO-8601 time with offset")
                .contains("line 4: status_code is required")
                .contains("line 5: expected 8 columns, found 4")
                .contains("line 6: tracking_number or shipment_ref is required");
        assertThat(checkpoints(tracking)).as("the good line").isEqualTo(1);
    }

    @Test
    void aFileWithTheWrongHeaderAppliesNothing() throws Exception {
        String name = "header-" + tag + ".csv";
        drop(name, "tracking,status,time\nJD" + tag + ",IT,2024-07-02T06:10:00Z\n");

        Path report = inbox.resolve("error/" + name + ".errors.txt");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(report));
        assertThat(Files.readString(report))
                .contains("line 1: header must be shipment_ref,order_ref,carrier,tracking_number,"
                        + "status_code,event_time,location,message, is tracking,status,time");
        assertThat(jdbc.queryForObject(
                        "select count(*) from shipment where tracking_number = ?", Integer.class, "JD" + tag))
                .isZero();
    }

    @Test
    void aHundredThousandLineFileIsStreamedThroughInBatches() throws Exception {
        int shipmentsInFile = 1_000, linesEach = 100;
        String name = "large-" + tag + ".csv";
        Path tmp = inbox.resolve(name + ".tmp");
        OffsetDateTime start = OffsetDateTime.of(2024, 7, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        try (BufferedWriter out = Files.newBufferedWriter(tmp)) {
            out.write(HEADER);
            for (int s = 0; s < shipmentsInFile; s++) {
                for (int i = 0; i < linesEach; i++) {
                    String code = i == 0 ? "PU" : i == linesEach - 1 ? "DL" : "IT";
                    out.write(",,dhl,LG" + tag + "-" + s + "," + code + ","
                            + start.plusMinutes(i).format(TIME) + ",Hub " + i + ",Scan " + i + "\n");
                }
            }
        }
        Files.move(tmp, inbox.resolve(name));

        await().atMost(Duration.ofMinutes(5))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> Files.exists(inbox.resolve("done/" + name)));
        assertThat(jdbc.queryForObject(
                        "select count(*) from shipment_checkpoint c join shipment s on s.id = c.shipment_id "
                                + "where s.tracking_number like ?",
                        Integer.class,
                        "LG" + tag + "-%"))
                .isEqualTo(shipmentsInFile * linesEach);
        assertThat(jdbc.queryForObject(
                        "select count(*) from shipment where tracking_number like ? and status = 'DELIVERED'",
                        Integer.class,
                        "LG" + tag + "-%"))
                .isEqualTo(shipmentsInFile);
    }

    private void drop(String name, String content) throws Exception {
        Files.writeString(inbox.resolve(name + ".tmp"), content);
        Files.move(inbox.resolve(name + ".tmp"), inbox.resolve(name));
    }

    private int checkpoints(String tracking) {
        return jdbc.queryForObject(
                "select count(*) from shipment_checkpoint c join shipment s on s.id = c.shipment_id "
                        + "where s.tracking_number = ?",
                Integer.class,
                tracking);
    }
}
