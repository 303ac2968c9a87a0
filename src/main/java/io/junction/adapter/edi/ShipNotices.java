package io.junction.adapter.edi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.canonical.CloudEvent;
import io.junction.canonical.Shipment;
import io.junction.canonical.ShipmentStatus;
import io.junction.platform.mapping.Mappings;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ship notices to trading partners: when a shipment of an order that came from an EDI partner has left the warehouse
 * (picked up or later), one DESADV (EDIFACT partner) or 856 (X12 partner) for it, mapped by
 * mappings/edi/{edifact-desadv,x12-856}-out.jslt and enveloped under the partner's next control number. The notice is
 * stored (table edi_ship_notice) in the transaction that takes the number, then sent; a shipment's later events find
 * it stored and send nothing more, a send that failed is repeated with the same file.
 */
@Component
public class ShipNotices {

    static final Set<ShipmentStatus> SHIPPED = EnumSet.of(
            ShipmentStatus.PICKED_UP,
            ShipmentStatus.IN_TRANSIT,
            ShipmentStatus.OUT_FOR_DELIVERY,
            ShipmentStatus.DELIVERED);
    private static final DateTimeFormatter CCYYMMDD = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HHmm");

    /** A notice to send: the file's name and content, and where it goes (a Camel endpoint URI). */
    public record Notice(String partner, String shipmentId, String fileName, String content, String uri) {}

    private final EdiProperties properties;
    private final Mappings mappings;
    private final InterchangeWriter writer;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;
    private final Path dataDir;

    public ShipNotices(
            EdiProperties properties,
            Mappings mappings,
            InterchangeWriter writer,
            JdbcTemplate jdbc,
            ObjectMapper json,
            Clock clock,
            @Value("${junction.data-dir}") Path dataDir) {
        this.properties = properties;
        this.mappings = mappings;
        this.writer = writer;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.dataDir = dataDir;
    }

    /** The notice a shipment event calls for, if any: null when none is due or it was sent already. */
    @Transactional
    public Notice prepare(String cloudEvent) throws JsonProcessingException {
        Shipment shipment =
                json.treeToValue(json.readValue(cloudEvent, CloudEvent.class).data(), Shipment.class);
        if (shipment.order() == null || !SHIPPED.contains(shipment.status())) {
            return null;
        }
        var found = properties.bySourceSystem(shipment.order().sourceSystem());
        if (found.isEmpty() || !found.get().getValue().sendsShipNotices()) {
            return null;
        }
        String partnerId = found.get().getKey();
        EdiProperties.Partner partner = found.get().getValue();
        List<Notice> stored = jdbc.query(
                "select file_name, content, sent_at from edi_ship_notice where partner_id = ? and shipment_id = ?",
                (rs, n) -> rs.getObject(3) == null
                        ? new Notice(
                                partnerId,
                                shipment.shipmentId(),
                                rs.getString(1),
                                rs.getString(2),
                                uri(partnerId, partner))
                        : null,
                partnerId,
                shipment.shipmentId());
        if (!stored.isEmpty()) {
            return stored.get(0);
        }
        long control = nextControlNumber(partnerId);
        OffsetDateTime now = OffsetDateTime.now(clock);
        boolean edifact = partner.standard() == EdiProperties.Standard.EDIFACT;
        String type = edifact ? "DESADV" : "856";
        ObjectNode input = json.createObjectNode();
        input.set("shipment", json.valueToTree(shipment));
        input.put("date", now.format(CCYYMMDD)).put("time", now.format(HHMM));
        input.putObject("partner")
                .put("id", partnerId)
                .put("theirId", partner.interchangeId())
                .put("ourId", partner.ourId());
        String content = writer.write(
                partner.standard(),
                new InterchangeWriter.Envelope(
                        partner.ourQualifier(),
                        partner.ourId(),
                        partner.qualifier(),
                        partner.interchangeId(),
                        control,
                        now),
                type,
                mappings.apply(edifact ? "edi/edifact-desadv-out" : "edi/x12-856-out", input, Map.of()));
        String fileName = partnerId + "-" + type + "-" + control + ".edi";
        jdbc.update(
                "insert into edi_ship_notice (partner_id, shipment_id, control_number, file_name, content, created_at) values (?, ?, ?, ?, ?, ?)",
                partnerId,
                shipment.shipmentId(),
                control,
                fileName,
                content,
                now);
        return new Notice(partnerId, shipment.shipmentId(), fileName, content, uri(partnerId, partner));
    }

    /** The notice is delivered. */
    public void sent(Notice notice) {
        jdbc.update(
                "update edi_ship_notice set sent_at = ? where partner_id = ? and shipment_id = ?",
                OffsetDateTime.now(clock),
                notice.partner(),
                notice.shipmentId());
    }

    /** The partner's next interchange control number, under the row's lock. */
    private long nextControlNumber(String partnerId) {
        if (jdbc.update("update edi_control_number set last_number = last_number + 1 where partner_id = ?", partnerId)
                == 0) {
            jdbc.update("insert into edi_control_number (partner_id, last_number) values (?, 1)", partnerId);
        }
        Long number = jdbc.queryForObject(
                "select last_number from edi_control_number where partner_id = ?", Long.class, partnerId);
        return number == null ? 1 : number;
    }

    /** Where the partner's notices go: its delivery URI, else its outbound folder under the data directory. */
    private String uri(String partnerId, EdiProperties.Partner partner) {
        if (partner.deliveryUri() != null && !partner.deliveryUri().isBlank()) {
            return partner.deliveryUri();
        }
        return "file:" + dataDir.resolve("outbox/edi").resolve(partnerId).toAbsolutePath() + "?tempPrefix=.";
    }
}
