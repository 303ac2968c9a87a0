package io.junction.adapter.storefront;

import io.junction.platform.mapping.Mappings;
import org.springframework.stereotype.Component;

/**
 * Refuses to start when a dialect's mapping is missing, does not compile, reads a variable the hub does not pass or
 * imports another file (an override folder's edit, say), naming the file: the route's {@code jslt:} step would
 * otherwise fail on every webhook.
 */
@Component
public class StorefrontMappingsCheck {

    public StorefrontMappingsCheck(StorefrontProperties properties, Mappings mappings) {
        properties.storefront().values().forEach(dialect -> mappings.check(dialect.mapping(), false));
    }
}
