package io.junction.adapter.scm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.platform.failure.ProblemException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Asks a tracking API about open shipments that have had no update for a while (junction.shipments.poll.*): one
 * instance polls (by lease), a shipment is asked about at most once per stale-after period, and the route throttles the
 * requests to the provider's rate limit. The answer goes through a mapping like a webhook (by default AfterShip's GET
 * tracking answer through mappings/scm/aftership.jslt).
 */
@Component
public class TrackingPoller {

    private static final Logger log = LoggerFactory.getLogger(TrackingPoller.class);

    /** A shipment to ask about. */
    public record Due(String shipmentId, String carrier, String trackingNumber) {}

    private final JdbcTemplate jdbc;
    private final ShipmentReports reports;
    private final ObjectMapper json;
    private final Duration staleAfter;
    private final int batch;
    private final String mapping;
    private final String authHeader;
    private final String authValue;
    private final Clock clock;

    public TrackingPoller(
            JdbcTemplate jdbc,
            ShipmentReports reports,
            ObjectMapper json,
            @Value("${junction.shipments.poll.stale-after:PT6H}") Duration staleAfter,
            @Value("${junction.shipments.poll.batch:100}") int batch,
            @Value("${junction.shipments.poll.mapping:scm/aftership}") String mapping,
            @Value("${junction.shipments.poll.auth-header:as-api-key}") String authHeader,
            @Value("${junction.shipments.poll.auth-value:}") String authValue,
            Clock clock) {
        this.jdbc = jdbc;
        this.reports = reports;
        this.json = json;
        this.staleAfter = staleAfter;
        this.batch = batch;
        this.mapping = mapping;
        this.authHeader = authHeader;
        this.authValue = authValue;
        this.clock = clock;
    }

    /** The open shipments to ask about now, marked as asked. */
    public List<Due> due() {
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime stale = now.minus(staleAfter);
        List<Due> due = jdbc.query(
                "select id, carrier, tracking_number from shipment where tracking_number is not null and carrier is not null "
                        + "and (status is null or status not in ('DELIVERED', 'RETURNED_TO_SENDER')) and coalesce(last_checkpoint_at, created_at) < ? "
                        + "and (last_polled_at is null or last_polled_at < ?) order by coalesce(last_polled_at, created_at), id fetch first "
                        + batch + " rows only",
                (rs, n) -> new Due(rs.getString(1), rs.getString(2), rs.getString(3)),
                stale,
                stale);
        due.forEach(d -> jdbc.update("update shipment set last_polled_at = ? where id = ?", now, d.shipmentId()));
        return due;
    }

    /** The GET for one shipment: {@code <url>/<carrier>/<tracking number>}, with the API key; nothing else of the hub. */
    public void request(Exchange exchange) {
        Due due = exchange.getMessage().getBody(Due.class);
        Message m = exchange.getMessage();
        m.getHeaders().clear();
        m.setHeader(Exchange.HTTP_METHOD, "GET");
        m.setHeader(Exchange.HTTP_PATH, "/" + encode(due.carrier()) + "/" + encode(due.trackingNumber()));
        m.setHeader("Accept", "application/json");
        if (authValue != null && !authValue.isBlank()) {
            m.setHeader(authHeader, authValue);
        }
        exchange.setProperty("junctionPolled", due);
        m.setBody(null);
    }

    /** The answer as reports (none for a non-200 or an answer that maps to nothing), with the cause id of this answer. */
    public List<ShipmentReport> answer(Exchange exchange) {
        Due due = exchange.getProperty("junctionPolled", Due.class);
        Message m = exchange.getMessage();
        int status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String body = m.getBody(String.class);
        m.getHeaders().clear();
        if (status != 200 || body == null) {
            log.warn(
                    "tracking poll for {} {} answered HTTP {}; asking again after {}",
                    due.carrier(),
                    due.trackingNumber(),
                    status,
                    staleAfter);
            return List.of();
        }
        try {
            JsonNode payload = json.readTree(body);
            ShipmentReports.Mapped mapped = reports.map(mapping, payload, Map.of("source", "poll", "deliveryId", ""));
            m.setHeader(
                    CarrierIntake.CAUSE,
                    UUID.nameUUIDFromBytes(
                                    ("poll/" + due.trackingNumber() + "/" + body).getBytes(StandardCharsets.UTF_8))
                            .toString());
            return mapped.reports();
        } catch (ProblemException | java.io.IOException e) {
            log.warn(
                    "tracking poll for {} {}: the answer cannot be used: {}",
                    due.carrier(),
                    due.trackingNumber(),
                    e.getMessage());
            return List.of();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
