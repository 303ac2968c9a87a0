package io.junction.adapter.crm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.Customer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What the hub last pushed to the CRM, per customer: a hash of the canonical customer fields of that state. A CRM
 * record equal to it (within the echo window) is the CRM echoing our update (its webhook fires on it), not news. Only
 * the last push counts, and it is forgotten once the CRM reports anything else: a CRM user who sets a record back to
 * a state the hub pushed earlier has made an edit.
 */
@Component
public class CrmPushes {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final CrmProperties crm;
    private final Clock clock;

    public CrmPushes(JdbcTemplate jdbc, ObjectMapper json, CrmProperties crm, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.crm = crm;
        this.clock = clock;
    }

    /** The hash of a customer's canonical contact fields and blacklist flag, whoever reported them (source and ids do not count). */
    public String hash(Customer c) {
        Customer state = new Customer(
                null,
                null,
                c.email(),
                c.phone(),
                c.firstName(),
                c.lastName(),
                c.address() == null || c.address().isEmpty() ? null : c.address(),
                c.marketingOptIn(),
                c.preferredChannel(),
                null,
                // the blacklist flag counts (a CRM edit of it alone is news), and "not blacklisted" is one state, sent
                // or not
                Boolean.TRUE.equals(c.blacklisted()) ? Boolean.TRUE : null);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(json.writeValueAsString(state).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Remembers the state about to be pushed, in place of the one before. */
    public void recordPush(String customerId, String hash) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (jdbc.update(
                        "update crm_push set state_hash = ?, pushed_at = ? where customer_id = ?",
                        hash,
                        now,
                        customerId)
                == 0) {
            jdbc.update(
                    "insert into crm_push (customer_id, state_hash, pushed_at) values (?, ?, ?)",
                    customerId,
                    hash,
                    now);
        }
    }

    /** Whether this state of the customer is the one the hub last pushed, within the echo window. */
    public boolean isEcho(String customerId, String hash) {
        Integer n = jdbc.queryForObject(
                "select count(*) from crm_push where customer_id = ? and state_hash = ? and pushed_at > ?",
                Integer.class,
                customerId,
                hash,
                OffsetDateTime.now(clock).minus(crm.echoWindow()));
        return n != null && n > 0;
    }

    /** The CRM reported another state of the customer: it no longer holds our last push, so that is no echo any more. */
    public void forget(String customerId) {
        jdbc.update("delete from crm_push where customer_id = ?", customerId);
    }
}
