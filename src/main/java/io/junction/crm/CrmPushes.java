package io.junction.crm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.Customer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;

/**
 * What the hub pushed to the CRM, per customer: a hash of the canonical customer fields of every state it sent. A
 * CRM that echoes a state back (its webhook fires on our own update) is recognized by the hash and not taken for news.
 */
@Component
public class CrmPushes {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final CrmProperties crm;

    public CrmPushes(JdbcTemplate jdbc, ObjectMapper json, CrmProperties crm) {
        this.jdbc = jdbc;
        this.json = json;
        this.crm = crm;
    }

    /** The hash of a customer's canonical contact fields, whoever reported them (source and ids do not count). */
    public String hash(Customer c) {
        Customer state = new Customer(null, null, c.email(), c.phone(), c.firstName(), c.lastName(),
                c.address() == null || c.address().isEmpty() ? null : c.address(), c.marketingOptIn(), c.preferredChannel(), null);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(json.writeValueAsString(state).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public void recordPush(String customerId, String hash) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        if (jdbc.update("update crm_push set pushed_at = ? where customer_id = ? and state_hash = ?", now, customerId, hash) == 0) {
            jdbc.update("insert into crm_push (customer_id, state_hash, pushed_at) values (?, ?, ?)", customerId, hash, now);
        }
    }

    /** Whether the hub pushed exactly this state of the customer within the echo window. */
    public boolean pushedRecently(String customerId, String hash) {
        Integer n = jdbc.queryForObject("select count(*) from crm_push where customer_id = ? and state_hash = ? and pushed_at > ?",
                Integer.class, customerId, hash, OffsetDateTime.now(ZoneOffset.UTC).minus(crm.echoWindow()));
        return n != null && n > 0;
    }
}
