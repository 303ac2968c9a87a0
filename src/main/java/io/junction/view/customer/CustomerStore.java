package io.junction.view.customer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.Address;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/** Golden customers and their cross-references to every source system's ids. */
@Component
public class CustomerStore {

    private static final String COLUMNS =
            "id, email, phone, first_name, last_name, address_line1, address_line2, city, region, "
                    + "postal_code, country, marketing_opt_in, preferred_channel, provenance, created_at, updated_at";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final RowMapper<GoldenCustomer> rows;

    public CustomerStore(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
        this.rows = (rs, n) -> new GoldenCustomer(
                rs.getString("id"),
                rs.getString("email"),
                rs.getString("phone"),
                rs.getString("first_name"),
                rs.getString("last_name"),
                address(
                        rs.getString("address_line1"),
                        rs.getString("address_line2"),
                        rs.getString("city"),
                        rs.getString("region"),
                        rs.getString("postal_code"),
                        rs.getString("country")),
                (Boolean) rs.getObject("marketing_opt_in"),
                rs.getString("preferred_channel"),
                readProvenance(rs.getString("provenance")),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class));
    }

    public Optional<GoldenCustomer> byId(String id) {
        return first("select " + COLUMNS + " from customer where id = ?", id);
    }

    public Optional<GoldenCustomer> byXref(String system, String sourceId) {
        return first(
                "select " + COLUMNS + " from customer where id = "
                        + "(select customer_id from customer_xref where source_system = ? and source_id = ?)",
                system,
                sourceId);
    }

    /** The person this e-mail has ever been seen for, whichever e-mail their record shows now. */
    public Optional<GoldenCustomer> byEmail(String email) {
        return byContact("email", email);
    }

    public Optional<GoldenCustomer> byPhone(String phone) {
        return byContact("phone", phone);
    }

    /**
     * Remembers the e-mail and phone a source reported for this person. A contact already someone's stays theirs,
     * except for a person just created: their contacts are inserted outright, so that if a concurrent first sighting
     * of the same person claimed one meanwhile, the key breaks, the event is retried, and this time it matches.
     */
    public void rememberContacts(String customerId, boolean newPerson, String email, String phone, OffsetDateTime now) {
        rememberContact("email", email, customerId, newPerson, now);
        rememberContact("phone", phone, customerId, newPerson, now);
    }

    private void rememberContact(
            String kind, String contact, String customerId, boolean newPerson, OffsetDateTime now) {
        if (contact == null) {
            return;
        }
        if (!newPerson) {
            Integer known = jdbc.queryForObject(
                    "select count(*) from customer_contact where kind = ? and contact = ?",
                    Integer.class,
                    kind,
                    contact);
            if (known != null && known > 0) {
                return;
            }
        }
        jdbc.update(
                "insert into customer_contact (kind, contact, customer_id, first_seen) values (?, ?, ?, ?)",
                kind,
                contact,
                customerId,
                now);
    }

    private Optional<GoldenCustomer> byContact(String kind, String contact) {
        return first(
                "select " + COLUMNS + " from customer where id = "
                        + "(select customer_id from customer_contact where kind = ? and contact = ?)",
                kind,
                contact);
    }

    public Optional<GoldenCustomer> byNameAddressKey(String key) {
        return first("select " + COLUMNS + " from customer where name_address_key = ? order by created_at, id", key);
    }

    /**
     * Takes the golden record's row lock until the transaction ends. One person's events arrive on two queues (orders
     * and customers), so two consumers can merge into the same record at once; without the lock, the later write
     * would silently undo the earlier one (a lost update).
     */
    public void lock(String id) {
        jdbc.queryForList("select id from customer where id = ? for update", id);
    }

    public void insert(GoldenCustomer c) {
        jdbc.update(
                "insert into customer (" + COLUMNS
                        + ", name_address_key) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                c.id(),
                c.email(),
                c.phone(),
                c.firstName(),
                c.lastName(),
                part(c, Address::line1),
                part(c, Address::line2),
                part(c, Address::city),
                part(c, Address::region),
                part(c, Address::postalCode),
                part(c, Address::country),
                c.marketingOptIn(),
                c.preferredChannel(),
                writeProvenance(c.provenance()),
                c.createdAt(),
                c.updatedAt(),
                c.nameAddressKey());
    }

    public void update(GoldenCustomer c) {
        jdbc.update(
                "update customer set email = ?, phone = ?, first_name = ?, last_name = ?, address_line1 = ?, address_line2 = ?, "
                        + "city = ?, region = ?, postal_code = ?, country = ?, marketing_opt_in = ?, preferred_channel = ?, "
                        + "provenance = ?, updated_at = ?, name_address_key = ? where id = ?",
                c.email(),
                c.phone(),
                c.firstName(),
                c.lastName(),
                part(c, Address::line1),
                part(c, Address::line2),
                part(c, Address::city),
                part(c, Address::region),
                part(c, Address::postalCode),
                part(c, Address::country),
                c.marketingOptIn(),
                c.preferredChannel(),
                writeProvenance(c.provenance()),
                c.updatedAt(),
                c.nameAddressKey(),
                c.id());
    }

    /**
     * Links a source id to the golden record (re-pointing it, should a source id ever move); true when the source id
     * is new to this record.
     */
    public boolean link(String system, String sourceId, String customerId, OffsetDateTime now) {
        Optional<GoldenCustomer> linked = byXref(system, sourceId);
        int updated = jdbc.update(
                "update customer_xref set customer_id = ?, last_seen = ? where source_system = ? and source_id = ?",
                customerId,
                now,
                system,
                sourceId);
        if (updated == 0) {
            jdbc.update(
                    "insert into customer_xref (source_system, source_id, customer_id, first_seen, last_seen) values (?, ?, ?, ?, ?)",
                    system,
                    sourceId,
                    customerId,
                    now,
                    now);
        }
        return linked.map(c -> !c.id().equals(customerId)).orElse(true);
    }

    /** Source system → its ids for this customer, systems in name order. */
    public Map<String, List<String>> externalIds(String customerId) {
        Map<String, List<String>> ids = new TreeMap<>();
        jdbc.query(
                "select source_system, source_id from customer_xref where customer_id = ? order by source_system, first_seen, source_id",
                rs -> {
                    ids.computeIfAbsent(rs.getString(1), k -> new java.util.ArrayList<>())
                            .add(rs.getString(2));
                },
                customerId);
        return ids;
    }

    private Optional<GoldenCustomer> first(String sql, Object... args) {
        return jdbc.query(sql + " fetch first 1 rows only", rows, args).stream().findFirst();
    }

    private static Object part(GoldenCustomer c, java.util.function.Function<Address, String> part) {
        return c.address() == null ? null : part.apply(c.address());
    }

    private static Address address(
            String line1, String line2, String city, String region, String postalCode, String country) {
        Address a = new Address(line1, line2, city, region, postalCode, country);
        return a.isEmpty() ? null : a;
    }

    private Map<CustomerField, FieldSource> readProvenance(String text) {
        try {
            Map<String, FieldSource> raw =
                    json.readValue(text, new TypeReference<LinkedHashMap<String, FieldSource>>() {});
            Map<CustomerField, FieldSource> provenance = new EnumMap<>(CustomerField.class);
            raw.forEach((k, v) -> provenance.put(CustomerField.ofKey(k), v));
            return provenance;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable provenance: " + text, e);
        }
    }

    private String writeProvenance(Map<CustomerField, FieldSource> provenance) {
        Map<String, FieldSource> raw = new LinkedHashMap<>();
        provenance.forEach((k, v) -> raw.put(k.key(), v));
        try {
            return json.writeValueAsString(raw);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
