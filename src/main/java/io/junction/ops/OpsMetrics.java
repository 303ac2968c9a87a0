package io.junction.ops;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Junction's own metrics next to Camel's: an {@code adapter} tag on every per-route meter (by route id prefix from
 * {@code junction.ops.adapters}, else the routes file the route comes from: storefront, erp, customer-view...), the depth of every dead-letter queue, and row-count gauges over hub
 * tables configured under {@code junction.ops.row-gauges} (an outbox backlog, open cases by priority...).
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class OpsMetrics {

    private static final Logger log = LoggerFactory.getLogger(OpsMetrics.class);
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Adds {@code adapter} to every meter tagged with a {@code routeId} (Prometheus wants one set of tag names per meter). */
    @Bean
    MeterFilter adapterTag(ObjectProvider<CamelContext> camel, OpsProperties properties) {
        Map<String, String> adapters = new ConcurrentHashMap<>();
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String routeId = id.getTag("routeId");
                if (routeId == null || id.getTag("adapter") != null) {
                    return id;
                }
                String adapter = adapters.get(routeId);
                if (adapter == null && !routeId.isEmpty()) {
                    adapter = properties.adapterOf(routeId);
                    adapter = adapter != null ? adapter : adapterOf(camel.getIfAvailable(), routeId);
                    if (adapter != null) {
                        adapters.put(routeId, adapter);
                    }
                }
                return id.withTag(Tag.of("adapter", adapter == null ? "hub" : adapter));
            }
        };
    }

    /** The routes file's name, e.g. "erp" for a route from routes/erp.camel.yaml; null while the route is unknown. */
    static String adapterOf(CamelContext camel, String routeId) {
        RouteDefinition route = camel == null ? null : ((ModelCamelContext) camel).getRouteDefinition(routeId);
        Resource resource = route == null ? null : route.getResource();
        if (resource == null || resource.getLocation() == null) {
            return null;
        }
        String location = resource.getLocation();
        String file = location.substring(Math.max(location.lastIndexOf('/'), location.lastIndexOf(':')) + 1);
        return file.contains(".") ? file.substring(0, file.indexOf('.')) : file;
    }

    @Bean
    DeadLetterDepth deadLetterDepth(DeadLetters deadLetters, MeterRegistry registry) {
        return new DeadLetterDepth(deadLetters, registry);
    }

    @Bean
    RowGauges rowGauges(OpsProperties properties, JdbcTemplate jdbc, MeterRegistry registry) {
        return new RowGauges(properties.rowGauges(), jdbc, registry);
    }

    /** {@code junction_dlq_depth{queue=...}}: read when scraped, by browsing the queue. */
    static final class DeadLetterDepth {

        DeadLetterDepth(DeadLetters deadLetters, MeterRegistry registry) {
            for (String queue : deadLetters.queues()) {
                Gauge.builder("junction.dlq.depth", () -> {
                            try {
                                return deadLetters.depth(queue);
                            } catch (RuntimeException e) {
                                return Double.NaN;
                            }
                        })
                        .description("Messages in a dead-letter queue")
                        .tag("queue", queue)
                        .register(registry);
            }
        }
    }

    /** {@code junction_<name>{<column>=...}}: rows per value of a column, refreshed every 30 s. */
    public static final class RowGauges {

        private final Map<String, OpsProperties.RowGauge> gauges;
        private final Map<String, MultiGauge> meters = new HashMap<>();
        private final JdbcTemplate jdbc;

        RowGauges(Map<String, OpsProperties.RowGauge> gauges, JdbcTemplate jdbc, MeterRegistry registry) {
            this.gauges = gauges;
            this.jdbc = jdbc;
            gauges.forEach((name, gauge) -> {
                if (!name.matches("[a-z][a-z0-9-]*")
                        || !IDENTIFIER.matcher(gauge.table()).matches()
                        || !IDENTIFIER.matcher(gauge.column()).matches()
                        || (gauge.where() != null && gauge.where().contains(";"))) {
                    throw new IllegalStateException("junction.ops.row-gauges." + name
                            + ": needs a lower-case name and plain table/column names");
                }
                meters.put(
                        name,
                        MultiGauge.builder("junction." + name.replace('-', '.'))
                                .description("Rows of " + gauge.table() + " per " + gauge.column())
                                .register(registry));
            });
        }

        @Scheduled(fixedDelayString = "${junction.ops.row-gauge-refresh-ms:30000}", initialDelay = 0)
        public void refresh() {
            gauges.forEach((name, gauge) -> {
                try {
                    List<MultiGauge.Row<?>> rows = jdbc.query(
                            "select " + gauge.column() + ", count(*) from " + gauge.table()
                                    + (gauge.where() == null ? "" : " where " + gauge.where()) + " group by "
                                    + gauge.column(),
                            (rs, n) -> MultiGauge.Row.of(
                                    Tags.of(gauge.column(), String.valueOf(rs.getString(1))), rs.getLong(2)));
                    meters.get(name).register(rows, true);
                } catch (RuntimeException e) {
                    log.warn("row gauge {} failed: {}", name, e.toString());
                }
            });
        }
    }
}
