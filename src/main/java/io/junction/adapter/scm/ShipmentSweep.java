package io.junction.adapter.scm;

import io.junction.canonical.EventType;
import io.junction.canonical.Shipment;
import io.junction.canonical.Shipment.DelayCause;
import io.junction.platform.bus.OutgoingEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The scheduled sweep (one active instance, by lease): raises {@code shipment.delayed} once per shipment per cause,
 * links shipments whose order arrived at the same moment as they did (each transaction missed the other's
 * uncommitted row) and gives up on shipments whose order never arrived. (Events a crashed publisher left in the
 * outbox are published by the shared outbox sweep, platform/bus/EventOutbox.)
 * A shipment is late when the carrier's estimate passes the promised date, when no checkpoint arrived within the
 * silence window, or when it is in EXCEPTION.
 */
@Component
public class ShipmentSweep {

    private static final Logger log = LoggerFactory.getLogger(ShipmentSweep.class);
    private static final String OPEN = "(status is null or status not in ('DELIVERED', 'RETURNED_TO_SENDER'))";
    private static final String NOT_RAISED =
            " and not exists (select 1 from shipment_delay d where d.shipment_id = s.id and d.cause = ?)";

    private record Late(String shipmentId, DelayCause cause, String detail) {}

    private final JdbcTemplate jdbc;
    private final ShipmentStore store;
    private final ShipmentEvents events;
    private final TransactionTemplate transaction;
    private final ShipmentTracker tracker;
    private final Duration silence;
    private final Clock clock;

    public ShipmentSweep(
            JdbcTemplate jdbc,
            ShipmentStore store,
            ShipmentEvents events,
            TransactionTemplate transaction,
            ShipmentTracker tracker,
            @Value("${junction.shipments.silence-window:PT72H}") Duration silence,
            Clock clock) {
        this.jdbc = jdbc;
        this.store = store;
        this.events = events;
        this.transaction = transaction;
        this.tracker = tracker;
        this.silence = silence;
        this.clock = clock;
    }

    /** One sweep; the events to publish. */
    public List<OutgoingEvent> sweep() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        int orphaned = store.orphanOverdue(now);
        if (orphaned > 0) {
            log.warn(
                    "{} shipment(s) stopped waiting for their order: no order matched within junction.shipments.link-wait",
                    orphaned);
        }
        List<OutgoingEvent> out = new ArrayList<>();
        store.linkable().forEach((shipmentId, orderId) -> out.addAll(tracker.link(shipmentId, orderId)));
        for (Late late : late(now)) {
            out.addAll(transaction.execute(tx -> raise(late, now)));
        }
        return out;
    }

    private List<Late> late(OffsetDateTime now) {
        List<Late> late = new ArrayList<>();
        jdbc.query(
                "select s.id, s.estimated_delivery, s.promised_date from shipment s where " + OPEN
                        + " and s.estimated_delivery > s.promised_date" + NOT_RAISED,
                rs -> {
                    late.add(new Late(
                            rs.getString(1),
                            DelayCause.ESTIMATE_AFTER_PROMISED,
                            "estimated " + rs.getObject(2, LocalDate.class) + ", promised "
                                    + rs.getObject(3, LocalDate.class)));
                },
                DelayCause.ESTIMATE_AFTER_PROMISED.name());
        jdbc.query(
                "select s.id, coalesce(s.last_checkpoint_at, s.created_at) from shipment s where " + OPEN
                        + " and coalesce(s.last_checkpoint_at, s.created_at) < ?" + NOT_RAISED,
                rs -> {
                    late.add(new Late(
                            rs.getString(1),
                            DelayCause.SILENCE,
                            "no checkpoint since " + rs.getObject(2, OffsetDateTime.class) + " (silence window "
                                    + silence + ")"));
                },
                now.minus(silence),
                DelayCause.SILENCE.name());
        jdbc.query(
                "select s.id, s.last_checkpoint_at from shipment s where s.status = 'EXCEPTION'" + NOT_RAISED,
                rs -> {
                    late.add(new Late(rs.getString(1), DelayCause.EXCEPTION, "the carrier reports an exception"));
                },
                DelayCause.EXCEPTION.name());
        return late;
    }

    /** Records the delay (its key makes it once per shipment and cause) and writes its event. */
    private List<OutgoingEvent> raise(Late late, OffsetDateTime now) {
        jdbc.update(
                "insert into shipment_delay (shipment_id, cause, detail, raised_at) values (?, ?, ?, ?)",
                late.shipmentId(),
                late.cause().name(),
                late.detail(),
                now);
        Shipment shipment =
                store.document(late.shipmentId(), now).withDelay(new Shipment.Delay(late.cause(), late.detail(), now));
        return events
                .add(
                        "delay/" + late.shipmentId() + "/" + late.cause(),
                        EventType.SHIPMENT_DELAYED,
                        "delayed/" + late.cause(),
                        shipment,
                        now)
                .stream()
                .toList();
    }
}
