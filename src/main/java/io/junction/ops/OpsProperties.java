package io.junction.ops;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code junction.ops.*}: operator accounts, the message journal's payload retention, the headers that carry a
 * correlation id into the hub, the row-count gauges, and which routes make up which adapter (metrics' adapter tag).
 */
@ConfigurationProperties("junction.ops")
public record OpsProperties(
        Account viewer,
        Account operator,
        Duration payloadRetention,
        List<String> correlationHeaders,
        Map<String, RowGauge> rowGauges,
        Map<String, List<String>> adapters) {

    public OpsProperties {
        viewer = viewer == null ? new Account(null, null) : viewer;
        operator = operator == null ? new Account(null, null) : operator;
        payloadRetention = payloadRetention == null ? Duration.ofDays(14) : payloadRetention;
        correlationHeaders = correlationHeaders == null ? List.of() : List.copyOf(correlationHeaders);
        rowGauges = rowGauges == null ? Map.of() : Map.copyOf(rowGauges);
        adapters = adapters == null ? Map.of() : Map.copyOf(adapters);
    }

    /** The adapter a route belongs to by its id's prefix ({@code junction.ops.adapters}), or null. */
    public String adapterOf(String routeId) {
        return adapters.entrySet().stream()
                .filter(a -> a.getValue().stream().anyMatch(routeId::startsWith))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElse(null);
    }

    /** A login for the operations console and API. */
    public record Account(String user, String password) {}

    /**
     * A gauge {@code junction_<name>} counting the rows of {@code table} per value of {@code column} (e.g. an outbox by
     * status), optionally only rows where {@code where} holds.
     */
    public record RowGauge(String table, String column, String where) {}
}
