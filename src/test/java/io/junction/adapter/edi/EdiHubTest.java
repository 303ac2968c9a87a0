package io.junction.adapter.edi;

import static io.junction.support.Still.holdsFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.junction.support.HubTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Trading partners' interchanges through the whole hub (real broker, database, customer view), and a real SFTP server
 * (Apache MINA SSHD) for the partner that uses one. Partners: brightside (EDIFACT buyer, file drop), trailhead (X12
 * buyer, SFTP both ways), northwarehouse (EDIFACT 3PL) and gulf3pl (X12 3PL), whose ship notices link shipments to the
 * buyers' orders and so cause the hub's own DESADV / 856 to the buyer.
 */
class EdiHubTest extends HubTest {

    private static final String SFTP_PASSWORD = "edi-test-secret";
    private static final Path SFTP_ROOT;
    private static final SshServer SFTP;

    static {
        try {
            SFTP_ROOT = Files.createTempDirectory("junction-sftp-");
            SFTP = SshServer.setUpDefaultServer();
            SFTP.setPort(0);
            SFTP.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(
                    Files.createTempDirectory("junction-sftp-key-").resolve("host.ser")));
            SFTP.setPasswordAuthenticator(
                    (user, password, session) -> "hub".equals(user) && SFTP_PASSWORD.equals(password));
            SFTP.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
            SFTP.setFileSystemFactory(new VirtualFileSystemFactory(SFTP_ROOT));
            SFTP.start();
            Files.createDirectories(SFTP_ROOT.resolve("outbound"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void partners(DynamicPropertyRegistry registry) {
        String sftp = "sftp://localhost:" + SFTP.getPort();
        String login =
                "?username=hub&password=" + SFTP_PASSWORD + "&strictHostKeyChecking=no&useUserKnownHostsFile=false";
        partner(registry, "brightside", "EDIFACT", "5412345000013", "14", "4012345000009", "edi-brightside");
        partner(registry, "northwarehouse", "EDIFACT", "4098765000002", "14", "4012345000009", "edi-northwarehouse");
        registry.add("junction.edi.partners.northwarehouse.ship-notices", () -> "false");
        partner(registry, "trailhead", "X12", "TRAILHEAD", "ZZ", "JUNCTIONHUB", "edi-trailhead");
        registry.add(
                "junction.edi.partners.trailhead.pickup-uri",
                () -> sftp + "/outbound" + login + "&delete=true&delay=250");
        registry.add("junction.edi.partners.trailhead.delivery-uri", () -> sftp + "/inbound" + login + "&tempPrefix=.");
        partner(registry, "gulf3pl", "X12", "GULF3PL", "ZZ", "JUNCTIONHUB", "edi-gulf3pl");
        registry.add("junction.edi.partners.gulf3pl.ship-notices", () -> "false");
    }

    private static void partner(
            DynamicPropertyRegistry registry,
            String id,
            String standard,
            String theirId,
            String qualifier,
            String ourId,
            String sourceSystem) {
        String prefix = "junction.edi.partners." + id + ".";
        registry.add(prefix + "standard", () -> standard);
        registry.add(prefix + "interchange-id", () -> theirId);
        registry.add(prefix + "qualifier", () -> qualifier);
        registry.add(prefix + "our-id", () -> ourId);
        registry.add(prefix + "our-qualifier", () -> qualifier);
        registry.add(prefix + "source-system", () -> sourceSystem);
    }

    @Autowired
    ShipNotices shipNotices;

    private final String tag =
            UUID.randomUUID().toString().replace("-", "").substring(0, 8).toUpperCase();

    @Test
    void anOrdersInterchangeBecomesItsBuyersOrdersInTheCustomerViewOnceAndItsShipNoticeLinksTheShipment()
            throws Exception {
        String orders =
                fixture("edifact-orders.edi").replace("PO-4711", "PO-" + tag).replace("PO-4712", "PO-" + tag + "-2");
        drop("orders-" + tag + ".edi", orders);

        JsonNode order = awaitOrder("edi-brightside", "5412345000013", "PO-" + tag, o -> true);
        assertThat(order.path("status").asText()).isEqualTo("PLACED");
        assertThat(order.path("currency").asText()).isEqualTo("EUR");
        assertThat(order.path("total").decimalValue()).isEqualByComparingTo("281.00");
        assertThat(order.path("lines"))
                .extracting(
                        l -> l.path("sku").asText() + " x" + l.path("quantity").asInt())
                .containsExactly("TMH-CHR-M x4", "TRL-BTL-750 x12");
        awaitOrder("edi-brightside", "5412345000013", "PO-" + tag + "-2", o -> true);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(inbox().resolve("done/orders-" + tag + ".edi")));

        // the same interchange again, under another name: nothing new
        drop("orders-" + tag + "-again.edi", orders);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(inbox().resolve("done/orders-" + tag + "-again.edi")));
        assertThat(placed("PO-" + tag)).as("each order written once").isEqualTo(1);
        assertThat(placed("PO-" + tag + "-2")).isEqualTo(1);

        // the warehouse's despatch advice links a shipment to the order
        drop(
                "desadv-" + tag + ".edi",
                fixture("edifact-desadv.edi")
                        .replace("PO-4711", "PO-" + tag)
                        .replace("DES-88001", "DES-" + tag)
                        .replace("1Z999AA10123456784", "1Z" + tag));
        JsonNode shipped = awaitOrder(
                "edi-brightside",
                "5412345000013",
                "PO-" + tag,
                o -> o.path("shipments").size() == 1);
        assertThat(shipped.path("shipments").get(0).path("trackingNumber").asText())
                .isEqualTo("1Z" + tag);
        assertThat(shipped.path("shipments").get(0).path("carrier").asText()).isEqualTo("ups");

        // and the buyer gets the hub's DESADV for it, once, under the next control number
        Path outbox = dataDir().resolve("outbox/edi/brightside");
        Path notice = await().atMost(Duration.ofSeconds(20))
                .until(() -> noticeFor(outbox, "PO-" + tag), Optional::isPresent)
                .get();
        Interchange sent = new InterchangeReader(io.junction.platform.home.HubFiles.in(Path.of(".")))
                .read(Files.readAllBytes(notice));
        assertThat(sent.sender()).isEqualTo("4012345000009");
        assertThat(sent.receiver()).isEqualTo("5412345000013");
        assertThat(sent.messages()).extracting(Interchange.Message::type).containsExactly("DESADV");
        String content = Files.readString(notice);
        assertThat(content)
                .contains("BGM+351+DES-" + tag)
                .contains("RFF+ON:PO-" + tag)
                .contains("RFF+CN:1Z" + tag)
                .contains("LIN+1++TMH-CHR-M:SA")
                .contains("QTY+12:4");

        // a later event of the same shipment (delivered) sends nothing more
        drop(
                "desadv-" + tag + "-2.edi",
                fixture("edifact-desadv.edi")
                        .replace("PO-4711", "PO-" + tag)
                        .replace("DES-88001", "DES-" + tag)
                        .replace("1Z999AA10123456784", "1Z" + tag)
                        .replace("DTM+11:20240702:102", "DTM+11:20240703:102"));
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(inbox().resolve("done/desadv-" + tag + "-2.edi")));
        holdsFor(Duration.ofSeconds(3), () -> assertThat(noticesFor(outbox, "PO-" + tag))
                .as("one notice per shipment")
                .hasSize(1));
    }

    @Test
    void aShipmentEventRedeliveredOrRacingSendsTheSameInterchangeNeverOneUnderANewControlNumber() throws Exception {
        String shipment = UUID.randomUUID().toString();
        long before = controlNumber("brightside");
        ShipNotices.Notice first = shipNotices.prepare(shipmentEvent(shipment, "PICKED_UP"));
        assertThat(first.fileName()).isEqualTo("brightside-DESADV-" + (before + 1) + ".edi");

        // the event again before its send was recorded (a failed upload, a restart): the same file, the same number
        assertThat(shipNotices.prepare(shipmentEvent(shipment, "PICKED_UP"))).isEqualTo(first);
        shipNotices.sent(first);
        // once sent, neither a redelivery nor a later event of the shipment sends anything
        assertThat(shipNotices.prepare(shipmentEvent(shipment, "PICKED_UP"))).isNull();
        assertThat(shipNotices.prepare(shipmentEvent(shipment, "DELIVERED"))).isNull();
        assertThat(controlNumber("brightside")).as("one number taken").isEqualTo(before + 1);

        // two events of one shipment on two consumers at once: one stores the notice; the other's transaction fails on
        // the key (partner, shipment) and rolls back with its number, and the route's retry finds the stored notice
        String racing = UUID.randomUUID().toString();
        List<CompletableFuture<ShipNotices.Notice>> attempts =
                List.of("PICKED_UP", "IN_TRANSIT", "OUT_FOR_DELIVERY").stream()
                        .map(status ->
                                CompletableFuture.supplyAsync(() -> prepareOrRetry(shipmentEvent(racing, status))))
                        .toList();
        List<String> files = attempts.stream()
                .map(CompletableFuture::join)
                .map(ShipNotices.Notice::fileName)
                .distinct()
                .toList();
        assertThat(files).containsExactly("brightside-DESADV-" + (before + 2) + ".edi");
        assertThat(controlNumber("brightside")).isEqualTo(before + 2);
        assertThat(jdbc.queryForObject(
                        "select count(*) from edi_ship_notice where shipment_id = ?", Integer.class, racing))
                .isEqualTo(1);
    }

    @Test
    void anX12PurchaseOrderIsPickedUpFromThePartnersSftpAndItsShipmentAnsweredWithAn856OnIt() throws Exception {
        String po = "PO" + tag;
        Path remote = SFTP_ROOT.resolve("outbound/po-" + tag + ".x12");
        Files.writeString(
                remote.resolveSibling(".tmp-" + tag), fixture("x12-850.edi").replace("4500012345", po));
        Files.move(remote.resolveSibling(".tmp-" + tag), remote);

        JsonNode order = awaitOrder("edi-trailhead", "TRAIL-0042", po, o -> true);
        assertThat(order.path("currency").asText()).isEqualTo("USD");
        assertThat(order.path("lines").get(1).path("title").asText()).isEqualTo("Trail bottle 750 ml");
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(remote));
        assertThat(inbox().resolve("done/trailhead-po-" + tag + ".x12")).exists();

        drop(
                "asn-" + tag + ".x12",
                fixture("x12-856.edi")
                        .replace("4500012345", po)
                        .replace("SHP-77001", "SHP-" + tag)
                        .replace("794698765432", "79" + tag));
        awaitOrder("edi-trailhead", "TRAIL-0042", po, o -> o.path("shipments").size() == 1);

        Path notice = await().atMost(Duration.ofSeconds(20))
                .until(() -> noticeFor(SFTP_ROOT.resolve("inbound"), po), Optional::isPresent)
                .get();
        Interchange sent = new InterchangeReader(io.junction.platform.home.HubFiles.in(Path.of(".")))
                .read(Files.readAllBytes(notice));
        assertThat(sent.receiver()).isEqualTo("TRAILHEAD");
        assertThat(sent.messages()).extracting(Interchange.Message::type).containsExactly("856");
        assertThat(Files.readString(notice))
                .contains("PRF*" + po)
                .contains("REF*CN*79" + tag)
                .contains("TD5**2*FDEG")
                .contains("SN1**12*EA");
    }

    @Test
    void aBadInterchangeIsRejectedWithAReportNamingTheSegmentAndNothingIsPublished() throws Exception {
        String name = "bad-" + tag + ".edi";
        drop(name, fixture("bad-edifact-orders-missing-order-number.edi").replace("PO-4712", "PO-" + tag));

        Path report = inbox().resolve("error/" + name + ".errors.txt");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(report) && Files.exists(inbox().resolve("error/" + name)));
        assertThat(Files.readString(report))
                .contains("rejected, nothing applied")
                .contains("segment BGM (#4), element 2: required data element missing");
        assertThat(jdbc.queryForObject(
                        "select count(*) from event_outbox where body like ?", Integer.class, "%PO-" + tag + "%"))
                .as("the interchange's good second message is not applied either")
                .isZero();
        // journaled when the exchange completed, alongside the file's move
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            flushJournal();
            assertThat(jdbc.queryForList("select id from message_journal where message_id = ?", Long.class, name))
                    .hasSize(1);
        });
        assertThat(jdbc.queryForObject(
                        "select outcome || ': ' || detail from message_journal where message_id = ?",
                        String.class,
                        name))
                .startsWith("failed: ")
                .contains("segment BGM (#4), element 2: required data element missing");
        assertThat(jdbc.queryForObject("select payload from message_journal where message_id = ?", String.class, name))
                .as("journaled as it arrived")
                .startsWith("UNA:+.? '\nUNB+UNOC:3+5412345000013:14+");
    }

    @Test
    void anInterchangeFromAnUnknownSenderIsRejected() throws Exception {
        String name = "stranger-" + tag + ".edi";
        drop(
                name,
                fixture("edifact-orders.edi")
                        .replace("UNB+UNOC:3+5412345000013:14", "UNB+UNOC:3+9999999999999:14")
                        .replace("PO-4711", "PO-" + tag));
        Path report = inbox().resolve("error/" + name + ".errors.txt");
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(report));
        assertThat(Files.readString(report))
                .contains(
                        "segment UNB (#1), element 2.1: sender '9999999999999' is no configured EDIFACT trading partner");
    }

    /** As the route does: a failure (the key taken by a racing transaction) is retried. */
    private ShipNotices.Notice prepareOrRetry(String event) {
        for (int attempt = 1; ; attempt++) {
            try {
                return shipNotices.prepare(event);
            } catch (DataAccessException | JsonProcessingException e) {
                assertThat(attempt).as("attempts").isLessThan(5);
            }
        }
    }

    private long controlNumber(String partner) {
        List<Long> last = jdbc.queryForList(
                "select last_number from edi_control_number where partner_id = ?", Long.class, partner);
        return last.isEmpty() ? 0 : last.get(0);
    }

    /** A shipment event of a brightside (EDIFACT buyer) order, as the hub publishes it on junction.shipment. */
    private String shipmentEvent(String shipmentId, String status) {
        return """
                {"specversion":"1.0","id":"%s","source":"/test","type":"shipment.updated","time":"2024-07-02T09:00:00Z",
                 "data":{"shipmentId":"%s","shipmentRef":"DES-%s","carrier":"ups","trackingNumber":"1Z%s","orderRef":"PO-%s",
                         "order":{"sourceSystem":"edi-brightside","sourceOrderId":"PO-%s","orderNumber":"PO-%s"},"status":"%s",
                         "lines":[{"sku":"TMH-CHR-M","quantity":4}],
                         "checkpoints":[{"status":"PICKED_UP","time":"2024-07-02T08:00:00Z"}],"updatedAt":"2024-07-02T09:00:00Z"}}
                """.formatted(UUID.randomUUID(), shipmentId, tag, tag, tag, tag, tag, status);
    }

    private JsonNode awaitOrder(
            String system, String sourceId, String orderId, java.util.function.Predicate<JsonNode> ready) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    HttpResponse<String> response =
                            getAs(VIEWER, "/api/customers?system=" + system + "&sourceId=" + sourceId);
                    if (response.statusCode() != 200) {
                        return false;
                    }
                    for (JsonNode order : JSON.readTree(response.body()).path("orders")) {
                        if (order.path("sourceOrderId").asText().equals(orderId) && ready.test(order)) {
                            found[0] = order;
                            return true;
                        }
                    }
                    return false;
                });
        return found[0];
    }

    private int placed(String orderId) {
        return jdbc.queryForObject(
                "select count(*) from event_outbox where body like ? and body like ?",
                Integer.class,
                "%\"type\":\"order.placed\"%",
                "%\"sourceOrderId\":\"" + orderId + "\"%");
    }

    private Path inbox() throws IOException {
        return Files.createDirectories(dataDir().resolve("inbox/edi"));
    }

    private void drop(String name, String content) throws IOException {
        Path tmp = inbox().resolve("." + name + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, inbox().resolve(name));
    }

    private static String fixture(String name) throws IOException {
        return Files.readString(EdiFixturesTest.FIXTURES.resolve(name), StandardCharsets.UTF_8);
    }

    private static Optional<Path> noticeFor(Path folder, String orderRef) throws IOException {
        return noticesFor(folder, orderRef).stream().findFirst();
    }

    private static List<Path> noticesFor(Path folder, String orderRef) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> !f.getFileName().toString().startsWith("."))
                    .filter(f -> {
                        try {
                            String text = Files.readString(f);
                            return text.contains("ON:" + orderRef + "'") || text.contains("PRF*" + orderRef + "~");
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
        }
    }
}
