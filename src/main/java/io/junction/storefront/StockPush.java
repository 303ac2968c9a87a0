package io.junction.storefront;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.CanonicalEvents;
import io.junction.canonical.CloudEvent;
import io.junction.canonical.EventType;
import io.junction.mapping.Mappings;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Pushes inventory levels to the storefront (off unless junction.storefront-stock.enabled): each inventory.changed,
 * mapped by mappings/storefront/stock-push.jslt, posted to the storefront's stock API. Setting a level is idempotent,
 * and message groups per SKU keep one SKU's pushes in order.
 */
@Component
public class StockPush {

    private final CanonicalEvents events;
    private final Mappings mappings;
    private final ObjectMapper json;
    private final boolean enabled;
    private final String mapping;
    private final String authHeader;
    private final String authValue;

    public StockPush(CanonicalEvents events, Mappings mappings, ObjectMapper json,
                     @Value("${junction.storefront-stock.enabled:false}") boolean enabled,
                     @Value("${junction.storefront-stock.mapping:storefront/stock-push}") String mapping,
                     @Value("${junction.storefront-stock.auth-header:Authorization}") String authHeader,
                     @Value("${junction.storefront-stock.auth-value:}") String authValue) {
        this.events = events;
        this.mappings = mappings;
        this.json = json;
        this.enabled = enabled;
        this.mapping = mapping;
        this.authHeader = authHeader;
        this.authValue = authValue;
    }

    /** Whether this message is a level to push; with the push off, levels are consumed and dropped, never queued up. */
    public boolean due(String cloudEvent) {
        return enabled && events.read(cloudEvent).eventType() == EventType.INVENTORY_CHANGED;
    }

    public void request(Exchange exchange) throws Exception {
        CloudEvent event = events.read(exchange.getMessage().getBody(String.class));
        Message out = exchange.getMessage();
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_METHOD, "POST");
        out.setHeader(Exchange.CONTENT_TYPE, "application/json");
        if (!authValue.isBlank()) {
            out.setHeader(authHeader, authValue);
        }
        out.setBody(json.writeValueAsString(mappings.apply(mapping, json.valueToTree(event), Map.of())));
    }
}
