package io.junction.platform.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.sql.PreparedStatement;
import java.sql.Types;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Component;

/**
 * Every customer record read through the API, in table customer_read_audit: who (the login, or {@code api-key:<name>}
 * for a system), when, from where (the client's address) and by what lookup (id, email, phone, source-id). Only a
 * record actually returned is a read; a miss (404) shows nobody's data. The route records it right after the lookup,
 * in the request: a read that cannot be recorded is not answered. A segment listing or export (docs/segments.md) is one
 * row for many customers: no customer id, the segment, and how many customers the caller got.
 */
@Component
public class CustomerReadAudit {

    public static final String CALLER = "JunctionCaller";
    public static final String ADDRESS = "JunctionCallerAddress";
    private static final String LOOKUP = "JunctionLookup";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    public CustomerReadAudit(JdbcTemplate jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Takes note of the caller and their address while the exchange still holds the HTTP request (the route's first
     * step; the lookup's answer is a new message). Exchange properties, unlike headers, cannot be sent by the caller.
     */
    public void identify(Exchange exchange) {
        HttpServletRequest request = exchange.getIn() instanceof PlatformHttpMessage http ? http.getRequest() : null;
        // the attribute, not getUserPrincipal(): the route runs off the request's thread, away from its security
        // context
        Object caller = request == null ? null : request.getAttribute(ApiKeyFilter.CALLER);
        exchange.setProperty(CALLER, caller == null ? "anonymous" : caller.toString());
        exchange.setProperty(ADDRESS, request == null ? null : request.getRemoteAddr());
        exchange.setProperty(LOOKUP, lookup(exchange));
    }

    /** Records the read of the customer document in the exchange's body (the JSON the caller gets). */
    public void record(Exchange exchange) throws IOException {
        String principal = exchange.getProperty(CALLER, "anonymous", String.class);
        String customerId = json.readTree(exchange.getMessage().getBody(String.class))
                .path("id")
                .asText();
        jdbc.update(
                "insert into customer_read_audit (read_at, principal, principal_kind, customer_id, lookup, remote_address) "
                        + "values (?, ?, ?, ?, ?, ?)",
                OffsetDateTime.now(clock),
                cut(principal, 200),
                kind(principal),
                customerId,
                exchange.getProperty(LOOKUP, "id", String.class),
                cut(exchange.getProperty(ADDRESS, String.class), 100));
    }

    /**
     * Records a segment listing (the JSON page in the body: its {@code segment} and {@code items}) as one read of many
     * customers: the segment and how many the caller got.
     */
    public void recordSegment(Exchange exchange) throws IOException {
        JsonNode page = json.readTree(exchange.getMessage().getBody(String.class));
        recordMany(
                exchange.getProperty(CALLER, String.class),
                exchange.getProperty(ADDRESS, String.class),
                "segment",
                page.path("segment").asText(),
                page.path("items").size());
    }

    /** How many customers an export sent, once it ended (or the caller hung up). */
    public void countRows(long auditId, int rows) {
        jdbc.update("update customer_read_audit set row_count = ? where id = ?", rows, auditId);
    }

    /**
     * Records a read of many customers (lookup {@code segment} or {@code export}) by a caller from an address: the segment,
     * and how many customers (null until an export ends); the audit row's id.
     */
    public long recordMany(String caller, String address, String lookup, String segment, Integer rows) {
        String principal = caller == null ? "anonymous" : caller;
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.update(
                connection -> {
                    PreparedStatement insert = connection.prepareStatement(
                            "insert into customer_read_audit (read_at, principal, principal_kind, "
                                    + "lookup, remote_address, segment, row_count) values (?, ?, ?, ?, ?, ?, ?)",
                            new String[] {"id"});
                    insert.setObject(1, OffsetDateTime.now(clock));
                    insert.setString(2, cut(principal, 200));
                    insert.setString(3, kind(principal));
                    insert.setString(4, lookup);
                    insert.setString(5, cut(address, 100));
                    insert.setString(6, cut(segment, 300));
                    insert.setObject(7, rows, Types.INTEGER);
                    return insert;
                },
                key);
        return key.getKey().longValue();
    }

    private static String kind(String principal) {
        return principal.startsWith(ApiKeyFilter.PRINCIPAL_PREFIX) ? "api-key" : "login";
    }

    private static String lookup(Exchange exchange) {
        var in = exchange.getIn();
        if (in.getHeader("email") != null) {
            return "email";
        }
        if (in.getHeader("phone") != null) {
            return "phone";
        }
        return in.getHeader("system") != null ? "source-id" : "id";
    }

    private static String cut(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
