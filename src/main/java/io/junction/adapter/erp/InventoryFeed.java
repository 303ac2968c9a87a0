package io.junction.adapter.erp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.CloudEvent;
import io.junction.canonical.EventType;
import io.junction.platform.bus.EventOutbox;
import io.junction.platform.bus.OutgoingEvent;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Inventory levels from the ERP (its table, source {@value #TABLE}, or a file drop, source {@value #FILE}) to
 * {@code inventory.changed}, only when a level differs from the one the hub holds. Precedence, per SKU and location:
 * the level as of the later time wins, whichever way it came; an older level never overwrites a newer one; at the same
 * as-of time the source earlier in {@code junction.erp.inventory-precedence} wins (the same source: its latest report).
 * The decision is made under the row's lock ({@code select ... for update}) and the event is written to the event
 * outbox in the same transaction, so a table poll and a file racing for one SKU cannot both win or publish out of turn.
 */
@Component
public class InventoryFeed {

    public static final String TABLE = "erp";
    public static final String FILE = "file";

    /** One level of one SKU at one location, as of a time, as reported by a source. */
    public record Level(String sku, String location, int onHand, int reserved, OffsetDateTime asOf, String source) {

        public int available() {
            return onHand - reserved;
        }
    }

    /** What the hub holds for a SKU and location. */
    private record Held(int onHand, int reserved, OffsetDateTime asOf, String source) {}

    private final JdbcTemplate hub;
    private final ObjectMapper json;
    private final EventOutbox outbox;
    private final TransactionTemplate ownTransaction;
    private final List<String> precedence;
    private final Clock clock;

    public InventoryFeed(
            JdbcTemplate hub,
            ObjectMapper json,
            EventOutbox outbox,
            PlatformTransactionManager transactions,
            @Value("${junction.erp.inventory-precedence:erp,file}") List<String> precedence,
            Clock clock) {
        this.hub = hub;
        this.json = json;
        this.outbox = outbox;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.precedence = List.copyOf(precedence);
        this.clock = clock;
    }

    /** A row of the ERP's inventory table as a level. */
    public Level fromRow(Map<String, Object> row) {
        Object asOf = row.get("updated_at");
        return new Level(
                (String) row.get("sku"),
                (String) row.get("location"),
                ((Number) row.get("on_hand")).intValue(),
                ((Number) row.get("reserved")).intValue(),
                asOf instanceof OffsetDateTime odt
                        ? odt
                        : ((Timestamp) asOf).toInstant().atOffset(ZoneOffset.UTC),
                TABLE);
    }

    /**
     * Whether the level would change what the hub holds (a first look without a lock, so that the table poll's
     * unchanged rows cost one read each and are not journaled); {@link #apply} decides for good.
     */
    public boolean changed(Level level) {
        Optional<Held> held = held(level, "");
        return held.isEmpty() || supersedes(level, held.get()) && !sameReport(level, held.get());
    }

    /**
     * Applies the level if it takes precedence over what the hub holds, under the row's lock; the inventory.changed
     * event to publish when its quantities changed (written to the outbox in this transaction), else none.
     */
    @Transactional
    public List<OutgoingEvent> apply(Level level) {
        ensureRow(level);
        Held held = held(level, " for update").orElseThrow();
        if (held.asOf() != null && !supersedes(level, held)) {
            return List.of();
        }
        hub.update(
                "update inventory_level set on_hand = ?, reserved = ?, as_of = ?, source = ? where sku = ? and location = ?",
                level.onHand(),
                level.reserved(),
                level.asOf(),
                level.source(),
                level.sku(),
                level.location());
        if (held.asOf() != null && held.onHand() == level.onHand() && held.reserved() == level.reserved()) {
            return List.of();
        }
        String id = UUID.nameUUIDFromBytes(("inventory/" + level.sku() + "/" + level.location() + "/" + level.onHand()
                                + "/" + level.reserved() + "/" + level.asOf())
                        .getBytes(StandardCharsets.UTF_8))
                .toString();
        CloudEvent event = CloudEvent.of(
                id,
                ErpStatusFeed.SOURCE,
                EventType.INVENTORY_CHANGED,
                "inventory/" + level.sku() + "/" + level.location(),
                OffsetDateTime.now(clock),
                json.valueToTree(data(level)));
        return outbox.add(id, event, "sku:" + level.sku()).map(List::of).orElse(List.of());
    }

    /** The level as the data of its inventory.changed event (inventory.schema.json). */
    static Map<String, Object> data(Level level) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sku", level.sku());
        data.put("location", level.location());
        data.put("onHand", level.onHand());
        data.put("reserved", level.reserved());
        data.put("available", level.available());
        // ISO_OFFSET_DATE_TIME, not toString(): that drops zero seconds, which RFC 3339 (the schema's date-time)
        // requires
        data.put("asOf", level.asOf() == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(level.asOf()));
        return data;
    }

    /** Later as-of wins; at the same as-of, the source of equal or higher precedence (a new report of the same source too). */
    private boolean supersedes(Level level, Held held) {
        if (held.asOf() == null || level.asOf().isAfter(held.asOf())) {
            return true;
        }
        return level.asOf().isEqual(held.asOf()) && rank(level.source()) <= rank(held.source());
    }

    private static boolean sameReport(Level level, Held held) {
        return held.onHand() == level.onHand()
                && held.reserved() == level.reserved()
                && level.asOf().isEqual(held.asOf())
                && level.source().equals(held.source());
    }

    private int rank(String source) {
        int index = precedence.indexOf(source);
        return index < 0 ? Integer.MAX_VALUE : index;
    }

    /**
     * The row to lock, created empty (no as-of: any level wins) in a transaction of its own, so that two first levels
     * of a SKU racing to insert it never abort the transaction that then decides (PostgreSQL aborts on a failed insert).
     */
    private void ensureRow(Level level) {
        if (held(level, "").isPresent()) {
            return;
        }
        try {
            ownTransaction.executeWithoutResult(status -> hub.update(
                    "insert into inventory_level (sku, location, on_hand, reserved) values (?, ?, 0, 0)",
                    level.sku(),
                    level.location()));
        } catch (org.springframework.dao.DuplicateKeyException racedAndLost) {
            // the other writer created it: the lock below orders the two
        }
    }

    private Optional<Held> held(Level level, String lock) {
        return hub
                .query(
                        "select on_hand, reserved, as_of, source from inventory_level where sku = ? and location = ?"
                                + lock,
                        (rs, n) -> new Held(
                                rs.getInt(1), rs.getInt(2), rs.getObject(3, OffsetDateTime.class), rs.getString(4)),
                        level.sku(),
                        level.location())
                .stream()
                .findFirst();
    }
}
