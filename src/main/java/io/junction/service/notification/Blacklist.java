package io.junction.service.notification;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Addresses and domains no notification goes to: fixed ones from {@code junction.notifications.blacklist}, and the
 * operators' (table notification_blacklist). An entry with an {@code @} is one address; else a domain, which also
 * covers its subdomains. E-mail addresses and phone numbers alike, compared in lower case.
 */
@Component
public class Blacklist {

    /** One entry; {@code configured} ones come from the configuration and cannot be removed by the API. */
    public record Entry(String entry, String reason, boolean configured, OffsetDateTime createdAt) {}

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final List<String> configured;

    public Blacklist(
            JdbcTemplate jdbc, Clock clock, @Value("${junction.notifications.blacklist:}") List<String> configured) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.configured = configured.stream()
                .filter(e -> !e.isBlank())
                .map(Blacklist::normalize)
                .toList();
    }

    /** The entry that bars this recipient, if any. */
    public Optional<String> bars(String recipient) {
        if (recipient == null) {
            return Optional.empty();
        }
        String address = normalize(recipient);
        List<String> candidates = candidates(address);
        return configured.stream().filter(candidates::contains).findFirst().or(() -> jdbc
                .queryForList(
                        "select entry from notification_blacklist where entry in ("
                                + String.join(
                                        ", ", candidates.stream().map(c -> "?").toList()) + ")",
                        String.class,
                        candidates.toArray())
                .stream()
                .findFirst());
    }

    public List<Entry> list() {
        List<Entry> fixed = configured.stream()
                .map(e -> new Entry(e, "configuration", true, null))
                .toList();
        List<Entry> managed = jdbc.query(
                "select entry, reason, created_at from notification_blacklist order by entry",
                (rs, n) -> new Entry(rs.getString(1), rs.getString(2), false, rs.getObject(3, OffsetDateTime.class)));
        return java.util.stream.Stream.concat(fixed.stream(), managed.stream()).toList();
    }

    /** Adds an entry; false if it was there already. */
    public boolean add(String entry, String reason) {
        try {
            return jdbc.update(
                            "insert into notification_blacklist (entry, reason, created_at) values (?, ?, ?)",
                            normalize(entry),
                            reason,
                            OffsetDateTime.now(clock))
                    == 1;
        } catch (DuplicateKeyException e) {
            return false;
        }
    }

    /** Removes an operator's entry; false if there was none. */
    public boolean remove(String entry) {
        return jdbc.update("delete from notification_blacklist where entry = ?", normalize(entry)) == 1;
    }

    /** The address itself, its domain and every parent domain: a.b@mail.shop.example → mail.shop.example, shop.example, example. */
    private static List<String> candidates(String address) {
        List<String> candidates = new java.util.ArrayList<>();
        candidates.add(address);
        int at = address.lastIndexOf('@');
        if (at >= 0) {
            String domain = address.substring(at + 1);
            while (!domain.isEmpty()) {
                candidates.add(domain);
                int dot = domain.indexOf('.');
                domain = dot < 0 ? "" : domain.substring(dot + 1);
            }
        }
        return candidates;
    }

    static String normalize(String entry) {
        return entry.trim().toLowerCase(Locale.ROOT);
    }
}
