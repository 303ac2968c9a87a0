package io.junction.adapter.erp.erpnext;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.adapter.erp.InventoryFeed;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * ERPNext's stock (junction.erp.mode=erpnext): the Bins (one per item and warehouse) modified since the watermark, as
 * inventory levels of the ERP's source: SKU the item_code, location the warehouse, on hand actual_qty, reserved
 * reserved_qty (whole units: ERPNext keeps fractions, the canonical level does not), as of the Bin's modified time.
 * Each goes through the inventory-level route (InventoryFeed: later as-of wins, an event only when the level changed);
 * then the watermark moves on.
 */
@Component
public class ErpNextStock {

    static final String FEED = "erpnext-bins";

    private final ErpNextFeeds feeds;

    public ErpNextStock(ErpNextFeeds feeds) {
        this.feeds = feeds;
    }

    /** The next page of changed Bins as levels (none unless this hub holds the feed's lease). */
    public List<InventoryFeed.Level> levels() {
        return feeds
                .page(
                        FEED,
                        "Bin",
                        List.of(
                                "name",
                                "item_code",
                                "warehouse",
                                "actual_qty",
                                "reserved_qty",
                                "projected_qty",
                                "modified"),
                        List.of())
                .orElse(List.of())
                .stream()
                .map(this::level)
                .toList();
    }

    /** After the levels were applied: the watermark moves to the last of them. */
    public void advance(List<InventoryFeed.Level> applied) {
        if (!applied.isEmpty()) {
            feeds.watermarks().advanceTo(FEED, applied.get(applied.size() - 1).asOf());
        }
    }

    private InventoryFeed.Level level(JsonNode bin) {
        return new InventoryFeed.Level(
                bin.path("item_code").asText(),
                bin.path("warehouse").asText(),
                bin.path("actual_qty").asInt(),
                bin.path("reserved_qty").asInt(),
                feeds.watermarks().parse(bin.path("modified").asText()),
                InventoryFeed.TABLE);
    }
}
