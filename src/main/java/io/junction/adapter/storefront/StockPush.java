package io.junction.adapter.storefront;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.CanonicalEvents;
import io.junction.canonical.CloudEvent;
import io.junction.canonical.EventType;
import io.junction.platform.mapping.MappedPost;
import io.junction.platform.mapping.Mappings;
import java.util.Map;
import org.apache.camel.Exchange;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Pushes inventory levels to the storefront (off unless junction.storefront-stock.enabled): each inventory.changed,
 * mapped by mappings/storefront/stock-push.jslt, posted to the storefront's stock API. Setting a level is idempotent,
 * and message groups per SKU keep one SKU's pushes in order.
 */
@Component
public class StockPush {

    private final CanonicalEvents events;
    private final ObjectMapper json;
    private final boolean enabled;
    private final MappedPost post;

    public StockPush(
            CanonicalEvents events,
            Mappings mappings,
            ObjectMapper json,
            @Value("${junction.storefront-stock.enabled:false}") boolean enabled,
            @Value("${junction.storefront-stock.mapping:storefront/stock-push}") String mapping,
            @Value("${junction.storefront-stock.auth-header:Authorization}") String authHeader,
            @Value("${junction.storefront-stock.auth-value:}") String authValue) {
        this.events = events;
        this.json = json;
        this.enabled = enabled;
        this.post = new MappedPost(mappings, json, mapping, authHeader, authValue);
    }

    /** Whether this message is a level to push; with the push off, levels are consumed and dropped, never queued up. */
    public boolean due(String cloudEvent) {
        return enabled && events.read(cloudEvent).eventType() == EventType.INVENTORY_CHANGED;
    }

    public void request(Exchange exchange) throws Exception {
        CloudEvent event = events.read(exchange.getMessage().getBody(String.class));
        post.prepare(exchange.getMessage(), json.valueToTree(event), Map.of());
    }
}
