package io.junction.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;

/** The realistic carrier fixtures of mappings/scm/, each made a new shipment: its own tracking number and delivery id. */
public final class CarrierFixtures {

    private static final Path SCM = Path.of("mappings", "scm");

    private CarrierFixtures() {}

    public static Fixture load(String mapping, String name) {
        return Fixture.inFolder(mapping, SCM.resolve(mapping + ".fixtures")).stream()
                .filter(f -> f.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(mapping + "/" + name));
    }

    /** An AfterShip webhook about {@code tracking}, for order {@code orderRef} (null: none), with a new event id. */
    public static Fixture aftership(String name, String tracking, String orderRef) {
        Fixture base = load("aftership", name);
        ObjectNode body = base.bodyCopy();
        body.put("event_id", UUID.randomUUID().toString());
        ObjectNode msg = body.withObject("msg");
        msg.put("tracking_number", tracking);
        msg.put("order_id", orderRef);
        msg.putNull("order_number");
        return base.with(Map.of(), body);
    }

    /** An EasyPost event about {@code tracking}, with a new event id. */
    public static Fixture easypost(String name, String tracking) {
        Fixture base = load("easypost", name);
        ObjectNode body = base.bodyCopy();
        body.put("id", "evt_" + UUID.randomUUID().toString().replace("-", ""));
        body.withObject("result").put("tracking_code", tracking);
        return base.with(Map.of(), body);
    }

    /** A Shippo track_updated webhook about {@code tracking} (its delivery id is the tracking number and status). */
    public static Fixture shippo(String name, String tracking) {
        Fixture base = load("shippo", name);
        ObjectNode body = base.bodyCopy();
        body.withObject("data").put("tracking_number", tracking);
        return base.with(Map.of(), body);
    }

    /** A generic carrier webhook about {@code tracking}, with a new delivery id. */
    public static Fixture generic(String name, String tracking) {
        Fixture base = load("generic", name);
        ObjectNode body = base.bodyCopy();
        body.put("trackingNumber", tracking);
        return base.with(Map.of("X-Junction-Delivery-Id", UUID.randomUUID().toString()), body);
    }

    /** An advance ship notice for {@code tracking} and order {@code orderRef}, with a new ASN number and delivery id. */
    public static Fixture asn(String name, String tracking, String orderRef) {
        Fixture base = load("asn", name);
        ObjectNode body = base.bodyCopy();
        body.put("asnNumber", "ASN-" + tracking);
        body.remove("shipmentRef");
        body.put("trackingNumber", tracking);
        body.put("orderRef", orderRef);
        return base.with(Map.of("X-Junction-Delivery-Id", UUID.randomUUID().toString()), body);
    }

    /** A time as RFC 3339 wants it: always with seconds (OffsetDateTime.toString drops zero seconds). */
    public static String time(OffsetDateTime at) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at);
    }

    public static String newTrackingNumber() {
        return "1ZT"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 15).toUpperCase();
    }
}
