package io.junction.adapter.erp.erpnext;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What every ERPNext feed does the same way: the documents of a doctype modified since the feed's watermark, oldest
 * first, at most a page. One hub at a time polls: the feeds' routes run under the erpnext-feeds-lease route policy.
 */
@Component
public class ErpNextFeeds {

    private static final Logger log = LoggerFactory.getLogger(ErpNextFeeds.class);

    private final ErpNextClient client;
    private final Watermarks watermarks;
    private final ErpNextProperties erpnext;

    public ErpNextFeeds(ErpNextClient client, Watermarks watermarks, ErpNextProperties erpnext) {
        this.client = client;
        this.watermarks = watermarks;
        this.erpnext = erpnext;
    }

    /**
     * The next page of {@code doctype} for {@code feed}, if ERPNext answers; the
     * caller advances the watermark ({@link #advance}) once it has taken the page.
     */
    public Optional<List<JsonNode>> page(String feed, String doctype, List<String> fields, List<List<Object>> filters) {
        List<List<Object>> since = new ArrayList<>(filters);
        since.add(0, List.of("modified", ">=", watermarks.read(feed)));
        try {
            return Optional.of(client.list(doctype, fields, since, "modified asc", erpnext.pageSize()));
        } catch (ErpNextException e) {
            // ERPNext down or refusing the token: one line per poll (readiness says so too), the next poll tries again
            log.warn("{} not polled: {}", doctype, e.getMessage());
            return Optional.empty();
        }
    }

    /** Moves the feed's watermark to the last document of a page it took. */
    public void advance(String feed, List<JsonNode> page) {
        if (!page.isEmpty()) {
            watermarks.advance(feed, page.get(page.size() - 1).path("modified").asText());
        }
    }

    public Watermarks watermarks() {
        return watermarks;
    }
}
