package io.junction.adapter.scm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.FieldError;
import io.junction.canonical.Orders;
import io.junction.canonical.Shipment;
import io.junction.canonical.ShipmentStatus;
import io.junction.platform.failure.ProblemException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

/**
 * The shipments API: a shipment by id, by carrier and tracking number, by order, or the unlinked ones page by page,
 * each with its status and checkpoint history. Read-only; what it shows is the SCM adapter's own record.
 */
@Component
public class ShipmentApi {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;

    /** One shipment as the API shows it. */
    public record ShipmentView(
            String id,
            String shipmentRef,
            String carrier,
            String tracking,
            ShipmentStatus status,
            String orderRef,
            boolean linked,
            String linkState,
            Shipment.OrderRef order,
            LocalDate promisedDate,
            LocalDate estimatedDelivery,
            OffsetDateTime deliveredAt,
            OffsetDateTime lastCheckpointAt,
            List<String> unknownCodes,
            List<Shipment.Line> lines,
            List<Shipment.Delay> delays,
            List<CheckpointView> checkpoints) {}

    /** One checkpoint: its time, canonical status (null for a code the status table does not know), raw code, where and what. */
    public record CheckpointView(
            OffsetDateTime time,
            ShipmentStatus status,
            String code,
            boolean known,
            String location,
            String description) {}

    /** A list answer; a page of unlinked shipments also says where it starts, its size and where the next one starts. */
    public record Page(List<ShipmentView> shipments, Integer offset, Integer limit, Integer nextOffset) {}

    private final ShipmentStore store;
    private final ObjectMapper json;
    private final Clock clock;

    public ShipmentApi(ShipmentStore store, ObjectMapper json, Clock clock) {
        this.store = store;
        this.json = json;
        this.clock = clock;
    }

    public String byId(@Header("id") String id) {
        ShipmentStore.Row row =
                store.byId(id).orElseThrow(() -> ProblemException.notFound("no shipment with id " + id));
        return write(view(row));
    }

    /** Exactly one query form: tracking (with carrier, optionally), orderSystem with orderId, or linked (paged). */
    public String search(
            @Header("carrier") String carrier,
            @Header("tracking") String tracking,
            @Header("orderSystem") String orderSystem,
            @Header("orderId") String orderId,
            @Header("linked") String linked,
            @Header("limit") String limit,
            @Header("offset") String offset) {
        long forms = Stream.of(
                        tracking != null || carrier != null, orderSystem != null || orderId != null, linked != null)
                .filter(b -> b)
                .count();
        if (forms != 1) {
            throw ProblemException.badRequest(
                    forms == 0
                            ? "say which shipments: tracking (and carrier), orderSystem and orderId, or linked"
                            : "ask one way at a time: tracking (and carrier), orderSystem and orderId, or linked",
                    new FieldError(
                            "tracking|orderSystem+orderId|linked", "exactly one of these query forms is required"));
        }
        if (tracking != null || carrier != null) {
            String number =
                    required("tracking", tracking, "the tracking number to look for (carrier alone is no query)");
            String lowerCarrier =
                    carrier == null || carrier.isBlank() ? null : carrier.trim().toLowerCase(Locale.ROOT);
            return write(new Page(views(store.byTracking(number.trim(), lowerCarrier)), null, null, null));
        }
        if (linked == null) {
            String system = required("orderSystem", orderSystem, "the order's source system, e.g. shopify");
            String id = required("orderId", orderId, "the order's id in that system");
            return write(new Page(views(store.byOrder(Orders.hubId(system.trim(), id.trim()))), null, null, null));
        }
        boolean wanted =
                switch (linked.trim().toLowerCase(Locale.ROOT)) {
                    case "true" -> true;
                    case "false" -> false;
                    default ->
                        throw ProblemException.badRequest(
                                "linked must be true or false, not '" + linked + "'",
                                new FieldError("linked", "must be true or false"));
                };
        int size = integer("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
        int from = integer("offset", offset, 0, 0, Integer.MAX_VALUE);
        List<ShipmentStore.Row> rows = store.byLinked(wanted, from, size + 1);
        List<ShipmentStore.Row> page = rows.size() > size ? rows.subList(0, size) : rows;
        return write(new Page(views(page), from, size, rows.size() > size ? from + size : null));
    }

    private List<ShipmentView> views(List<ShipmentStore.Row> rows) {
        List<ShipmentView> out = new ArrayList<>();
        rows.forEach(r -> out.add(view(r)));
        return out;
    }

    private ShipmentView view(ShipmentStore.Row row) {
        Shipment s = store.document(row.id(), OffsetDateTime.now(clock));
        List<CheckpointView> checkpoints = s.checkpoints().stream()
                .map(c -> new CheckpointView(c.time(), c.status(), c.code(), c.known(), c.location(), c.message()))
                .toList();
        return new ShipmentView(
                s.shipmentId(),
                s.shipmentRef(),
                s.carrier(),
                s.trackingNumber(),
                s.status(),
                s.orderRef(),
                ShipmentStore.LINKED.equals(row.linkState()),
                row.linkState(),
                s.order(),
                s.promisedDate(),
                s.estimatedDelivery(),
                s.deliveredAt(),
                s.lastCheckpointAt(),
                s.unknownCodes(),
                s.lines(),
                s.delays(),
                checkpoints);
    }

    private static String required(String name, String value, String what) {
        if (value == null || value.isBlank()) {
            throw ProblemException.badRequest(
                    "missing query parameter " + name, new FieldError(name, "required: " + what));
        }
        return value;
    }

    private static int integer(String name, String value, int fallback, int min, int max) {
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below, like an integer out of range
        }
        throw ProblemException.badRequest(
                name + " must be an integer from " + min + (max == Integer.MAX_VALUE ? " up" : " to " + max) + ", not '"
                        + value + "'",
                new FieldError(
                        name, "must be an integer from " + min + (max == Integer.MAX_VALUE ? "" : " to " + max)));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
