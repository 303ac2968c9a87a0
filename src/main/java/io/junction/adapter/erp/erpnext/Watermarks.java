package io.junction.adapter.erp.erpnext;

import java.time.Clock;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Where each ERPNext feed stands (table erpnext_watermark): the {@code modified} time of the last document it took,
 * in ERPNext's own text form ("2024-07-01 10:00:00.123456", the site's time zone). A feed reads from its watermark
 * inclusive, so documents modified in the same microsecond are never skipped; what it read before produces no second
 * event (event ids derive from the document's state).
 */
@Component
public class Watermarks {

    /** ERPNext's datetime text: microseconds, sometimes none. */
    static final DateTimeFormatter FRAPPE = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart()
            .appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true)
            .optionalEnd()
            .toFormatter();

    private final JdbcTemplate hub;
    private final ErpNextProperties erpnext;
    private final Clock clock;

    public Watermarks(JdbcTemplate hub, ErpNextProperties erpnext, Clock clock) {
        this.hub = hub;
        this.erpnext = erpnext;
        this.clock = clock;
    }

    /** The feed's watermark; before its first document, {@code junction.erp.erpnext.initial} ago. */
    public String read(String feed) {
        return hub.queryForList("select modified from erpnext_watermark where feed = ?", String.class, feed).stream()
                .findFirst()
                .orElseGet(() -> ZonedDateTime.now(clock)
                        .withZoneSameInstant(erpnext.zone())
                        .minus(erpnext.initial())
                        .toLocalDateTime()
                        .format(FRAPPE));
    }

    /** Moves the watermark on to {@code modified} (never back: a feed that re-read the boundary stays where it was). */
    public void advance(String feed, String modified) {
        if (modified == null || !time(modified).isAfter(time(read(feed)))) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (hub.update("update erpnext_watermark set modified = ?, updated_at = ? where feed = ?", modified, now, feed)
                == 0) {
            hub.update(
                    "insert into erpnext_watermark (feed, modified, updated_at) values (?, ?, ?)", feed, modified, now);
        }
    }

    /** Moves the watermark on to an instant ERPNext reported (a document's modified time, parsed). */
    public void advanceTo(String feed, OffsetDateTime modified) {
        advance(
                feed,
                modified.atZoneSameInstant(erpnext.zone()).toLocalDateTime().format(FRAPPE));
    }

    /** An ERPNext time as an instant. */
    public OffsetDateTime parse(String modified) {
        return time(modified).atZone(erpnext.zone()).toOffsetDateTime();
    }

    private static LocalDateTime time(String modified) {
        return LocalDateTime.parse(modified, FRAPPE);
    }
}
