package io.junction.erp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.bus.EventHeaders;
import io.junction.canonical.CloudEvent;
import io.junction.canonical.EventType;
import org.apache.camel.Exchange;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Inventory levels from the ERP (its table, or a file drop) to {@code inventory.changed}, only when a level differs
 * from the last one the hub published. A level is published first and remembered after, so a crash in between
 * publishes it again with the same event id, which the bus absorbs.
 */
@Component
public class InventoryFeed {

    /** One level of one SKU at one location. */
    public record Level(String sku, String location, int onHand, int reserved, OffsetDateTime asOf) {

        public int available() {
            return onHand - reserved;
        }
    }

    private final JdbcTemplate hub;
    private final ObjectMapper json;

    public InventoryFeed(JdbcTemplate hub, ObjectMapper json) {
        this.hub = hub;
        this.json = json;
    }

    /** A row of the ERP's inventory table as a level. */
    public Level fromRow(Map<String, Object> row) {
        Object asOf = row.get("updated_at");
        return new Level((String) row.get("sku"), (String) row.get("location"), ((Number) row.get("on_hand")).intValue(),
                ((Number) row.get("reserved")).intValue(),
                asOf instanceof OffsetDateTime odt ? odt : ((Timestamp) asOf).toInstant().atOffset(ZoneOffset.UTC));
    }

    public boolean changed(Level level) {
        List<Map<String, Object>> known = hub.queryForList("select on_hand, reserved from inventory_level where sku = ? and location = ?",
                level.sku(), level.location());
        return known.isEmpty() || ((Number) known.get(0).get("on_hand")).intValue() != level.onHand()
                || ((Number) known.get(0).get("reserved")).intValue() != level.reserved();
    }

    /** Puts the level's inventory.changed event on the exchange: the JSON as the body, the bus headers. */
    public void toEvent(Exchange exchange) throws JsonProcessingException {
        Level level = exchange.getMessage().getBody(Level.class);
        Map<String, Object> data = data(level);
        String id = UUID.nameUUIDFromBytes(("inventory/" + level.sku() + "/" + level.location() + "/" + level.onHand() + "/"
                + level.reserved() + "/" + level.asOf()).getBytes(StandardCharsets.UTF_8)).toString();
        CloudEvent event = CloudEvent.of(id, ErpStatusFeed.SOURCE, EventType.INVENTORY_CHANGED,
                "inventory/" + level.sku() + "/" + level.location(), OffsetDateTime.now(ZoneOffset.UTC), json.valueToTree(data));
        exchange.setProperty("junctionInventoryLevel", level);
        EventHeaders.stamp(exchange.getMessage(), event, "sku:" + level.sku());
        exchange.getMessage().setBody(json.writeValueAsString(event));
    }

    /** The level as the data of its inventory.changed event (inventory.schema.json). */
    static Map<String, Object> data(Level level) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("sku", level.sku());
        data.put("location", level.location());
        data.put("onHand", level.onHand());
        data.put("reserved", level.reserved());
        data.put("available", level.available());
        // ISO_OFFSET_DATE_TIME, not toString(): that drops zero seconds, which RFC 3339 (the schema's date-time) requires
        data.put("asOf", level.asOf() == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(level.asOf()));
        return data;
    }

    /** Remembers the level just published (the exchange's, from {@link #toEvent}). */
    public void remember(Exchange exchange) {
        Level level = exchange.getProperty("junctionInventoryLevel", Level.class);
        if (hub.update("update inventory_level set on_hand = ?, reserved = ?, as_of = ? where sku = ? and location = ?",
                level.onHand(), level.reserved(), level.asOf(), level.sku(), level.location()) == 0) {
            hub.update("insert into inventory_level (sku, location, on_hand, reserved, as_of) values (?, ?, ?, ?, ?)",
                    level.sku(), level.location(), level.onHand(), level.reserved(), level.asOf());
        }
    }
}
