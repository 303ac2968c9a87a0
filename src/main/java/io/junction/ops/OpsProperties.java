package io.junction.ops;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code junction.ops.*}: operator accounts, the message journal's payload retention, the headers that carry a
 * correlation id into the hub, and the row-count gauges.
 */
@ConfigurationProperties("junction.ops")
public record OpsProperties(Account viewer, Account operator, Duration payloadRetention, List<String> correlationHeaders,
                            Map<String, RowGauge> rowGauges) {

    public OpsProperties {
        viewer = viewer == null ? new Account(null, null) : viewer;
        operator = operator == null ? new Account(null, null) : operator;
        payloadRetention = payloadRetention == null ? Duration.ofDays(14) : payloadRetention;
        correlationHeaders = correlationHeaders == null ? List.of() : List.copyOf(correlationHeaders);
        rowGauges = rowGauges == null ? Map.of() : Map.copyOf(rowGauges);
    }

    /** A login for the operations console and API. */
    public record Account(String user, String password) {
    }

    /**
     * A gauge {@code junction_<name>} counting the rows of {@code table} per value of {@code column} (e.g. an outbox by
     * status), optionally only rows where {@code where} holds.
     */
    public record RowGauge(String table, String column, String where) {
    }
}
