package io.junction.adapter.storefront;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code junction.storefront.<dialect>.*}: the storefront dialects this hub accepts webhooks from. */
@ConfigurationProperties("junction")
public record StorefrontProperties(Map<String, StorefrontDialect> storefront) {

    public StorefrontProperties {
        storefront = storefront == null ? Map.of() : Map.copyOf(storefront);
    }

    public StorefrontDialect dialect(String name) {
        StorefrontDialect dialect = storefront.get(name);
        if (dialect == null) {
            throw new IllegalArgumentException(
                    "no storefront dialect '" + name + "' configured under junction.storefront");
        }
        return dialect;
    }
}
