package io.junction.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import org.apache.camel.Exchange;
import org.apache.camel.component.platform.http.springboot.PlatformHttpMessage;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Every customer record read through the API, in table customer_read_audit: who (the login, or {@code api-key:<name>}
 * for a system), when, from where (the client's address) and by what lookup (id, email, phone, source-id). Only a
 * record actually returned is a read; a miss (404) shows nobody's data. The route records it right after the lookup,
 * in the request: a read that cannot be recorded is not answered.
 */
@Component
public class CustomerReadAudit {

    private static final String CALLER = "JunctionCaller";
    private static final String ADDRESS = "JunctionCallerAddress";
    private static final String LOOKUP = "JunctionLookup";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public CustomerReadAudit(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Takes note of the caller and their address while the exchange still holds the HTTP request (the route's first
     * step; the lookup's answer is a new message). Exchange properties, unlike headers, cannot be sent by the caller.
     */
    public void identify(Exchange exchange) {
        HttpServletRequest request = exchange.getIn() instanceof PlatformHttpMessage http ? http.getRequest() : null;
        // the attribute, not getUserPrincipal(): the route runs off the request's thread, away from its security context
        Object caller = request == null ? null : request.getAttribute(ApiKeyFilter.CALLER);
        exchange.setProperty(CALLER, caller == null ? "anonymous" : caller.toString());
        exchange.setProperty(ADDRESS, request == null ? null : request.getRemoteAddr());
        exchange.setProperty(LOOKUP, lookup(exchange));
    }

    /** Records the read of the customer document in the exchange's body (the JSON the caller gets). */
    public void record(Exchange exchange) throws IOException {
        String principal = exchange.getProperty(CALLER, "anonymous", String.class);
        String customerId = json.readTree(exchange.getMessage().getBody(String.class)).path("id").asText();
        jdbc.update("insert into customer_read_audit (read_at, principal, principal_kind, customer_id, lookup, remote_address) "
                        + "values (?, ?, ?, ?, ?, ?)", OffsetDateTime.now(ZoneOffset.UTC), cut(principal, 200),
                principal.startsWith(ApiKeyFilter.PRINCIPAL_PREFIX) ? "api-key" : "login", customerId,
                exchange.getProperty(LOOKUP, "id", String.class), cut(exchange.getProperty(ADDRESS, String.class), 100));
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
