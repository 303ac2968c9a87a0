package io.junction.view.segment;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * The customers of a segment, in customer id order (stable, and the end of each filter's index): one page by offset
 * for the listing, or the next batch after an id (keyset) for the export. A customer without a profile is a lead with
 * no stage, no spend and no orders.
 */
@Component
public class SegmentStore {

    private static final String SELECT =
            "select c.id, c.email, c.phone, c.first_name, c.last_name, c.marketing_opt_in, c.preferred_channel, "
                    + "coalesce(i.tier, 'LEAD'), i.lifecycle_stage, coalesce(i.lifetime_value, 0), coalesce(i.order_count, 0), i.last_order_at "
                    + "from customer c left join customer_intel i on i.customer_id = c.id";

    private final JdbcTemplate jdbc;
    private final RowMapper<SegmentMember> rows = (rs, n) -> new SegmentMember(
            rs.getString(1),
            rs.getString(2),
            rs.getString(3),
            rs.getString(4),
            rs.getString(5),
            (Boolean) rs.getObject(6),
            rs.getString(7),
            rs.getString(8),
            rs.getString(9),
            rs.getBigDecimal(10),
            rs.getInt(11),
            rs.getObject(12, OffsetDateTime.class));

    public SegmentStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Page {@code page} of {@code size} members. */
    public List<SegmentMember> page(Segment segment, int page, int size) {
        Where where = where(segment, false, null);
        return jdbc.query(
                SELECT + where.sql + " order by c.id offset " + (long) page * size + " rows fetch next " + size
                        + " rows only",
                rows,
                where.args.toArray());
    }

    /** How many customers the segment has. */
    public long count(Segment segment) {
        Where where = where(segment, false, null);
        Long count = jdbc.queryForObject(
                "select count(*) from customer c left join customer_intel i on i.customer_id = c.id" + where.sql,
                Long.class,
                where.args.toArray());
        return count == null ? 0 : count;
    }

    /** The next {@code batch} members after customer id {@code afterId} (null: from the first) who opted in to marketing. */
    public List<SegmentMember> optedInAfter(Segment segment, String afterId, int batch) {
        Where where = where(segment, true, afterId);
        return jdbc.query(
                SELECT + where.sql + " order by c.id fetch first " + batch + " rows only", rows, where.args.toArray());
    }

    private record Where(String sql, List<Object> args) {}

    private static Where where(Segment segment, boolean optedIn, String afterId) {
        List<String> conditions = new ArrayList<>();
        List<Object> args = new ArrayList<>();
        if (!segment.tiers().isEmpty()) {
            conditions.add("(" + in("i.tier", segment.tiers().size())
                    + (segment.tiers().stream().anyMatch(t -> t.name().equals("LEAD")) ? " or i.tier is null)" : ")"));
            segment.tiers().forEach(t -> args.add(t.name()));
        }
        if (!segment.stages().isEmpty()) {
            conditions.add(in("i.lifecycle_stage", segment.stages().size()));
            segment.stages().forEach(s -> args.add(s.name()));
        }
        if (segment.minSpend() != null) {
            conditions.add("coalesce(i.lifetime_value, 0) >= ?");
            args.add(segment.minSpend());
        }
        if (segment.lastOrderBefore() != null) {
            conditions.add("i.last_order_at < ?");
            args.add(segment.lastOrderBefore());
        }
        if (optedIn) {
            conditions.add("c.marketing_opt_in = true");
        }
        if (afterId != null) {
            conditions.add("c.id > ?");
            args.add(afterId);
        }
        return new Where(" where " + String.join(" and ", conditions), args);
    }

    private static String in(String column, int values) {
        return column + " in (" + String.join(", ", Collections.nCopies(values, "?")) + ")";
    }
}
