package io.junction.platform.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code junction.api.keys}: the API keys of back-office systems, each with a name (shown in the audit), a role
 * ({@code viewer} or {@code operator}, as the logins) and either the key itself ({@code key}, from the environment)
 * or its SHA-256 in hex ({@code sha256}), so the configuration need not hold the secret at all.
 */
@ConfigurationProperties("junction.api")
public record ApiKeyProperties(List<Key> keys) {

    public ApiKeyProperties {
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    /** One API key. */
    public record Key(String name, String role, String key, String sha256) {}
}
