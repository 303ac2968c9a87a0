package io.junction.adapter.storefront;

import io.junction.platform.mapping.Mappings;
import org.springframework.stereotype.Component;

/**
 * Refuses to start when a dialect's mapping is missing or does not compile (an override folder's edit, say), naming the
 * file: the route's {@code jslt:} step would otherwise compile it on the first webhook and answer every sender 422.
 */
@Component
public class StorefrontMappingsCheck {

    public StorefrontMappingsCheck(StorefrontProperties properties, Mappings mappings) {
        properties.storefront().values().forEach(dialect -> mappings.check(dialect.mapping()));
    }
}
