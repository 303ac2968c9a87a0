package io.junction.view.intelligence;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/**
 * Profiles (table customer_intel) and the orders they are computed from. A counted order is one that brings revenue:
 * not cancelled, rejected, returned or refunded, and not with a failed, voided or refunded payment; its net value is
 * its subtotal (after discounts, before tax and shipping), else its total less tax and shipping.
 */
@Component
public class IntelligenceStore {

    private static final String COUNTED = "status not in ('CANCELLED', 'REJECTED', 'RETURNED', 'REFUNDED') "
            + "and (payment_status is null or payment_status not in ('FAILED', 'VOIDED', 'REFUNDED'))";
    private static final String PURCHASE = "select customer_id, coalesce(placed_at, created_at) as purchased_at, "
            + "coalesce(subtotal, total - coalesce(tax, 0) - coalesce(shipping, 0)) as net_value from customer_order where "
            + COUNTED;
    /** Rows a whole-base read fetches at a time. */
    private static final int PAGE = 1_000;

    private static final String COLUMNS =
            "tier, tier_value, recency_score, frequency_score, monetary_score, lifecycle_stage, lifetime_value, "
                    + "average_order_value, order_count, first_order_at, last_order_at, blacklisted";
    private static final String THRESHOLDS =
            "population, buyers, iron_cut, gold_cut, platinum_cut, recency_2, recency_3, recency_4, recency_5, "
                    + "frequency_2, frequency_3, frequency_4, frequency_5, monetary_2, monetary_3, monetary_4, monetary_5, computed_at";

    private static final String UPDATE_TALLY =
            "update intelligence_tally set population = ?, iron_members = ?, gold_members = ?, "
                    + "platinum_members = ?, refused = ? where id = 1";

    private final JdbcTemplate jdbc;
    private final JdbcTemplate paged;
    private final RowMapper<Profile> profiles = (rs, n) -> new Profile(
            Tier.valueOf(rs.getString(1)),
            rs.getBigDecimal(2),
            rs.getObject(3) == null ? null : new Rfm(rs.getInt(3), rs.getInt(4), rs.getInt(5)),
            rs.getString(6) == null ? null : LifecycleStage.valueOf(rs.getString(6)),
            rs.getBigDecimal(7),
            rs.getBigDecimal(8),
            rs.getInt(9),
            rs.getObject(10, OffsetDateTime.class),
            rs.getObject(11, OffsetDateTime.class),
            rs.getBoolean(12));

    public IntelligenceStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.paged = new JdbcTemplate(jdbc.getDataSource());
        this.paged.setFetchSize(PAGE);
    }

    public Optional<Profile> find(String customerId) {
        return jdbc
                .query("select " + COLUMNS + " from customer_intel where customer_id = ?", profiles, customerId)
                .stream()
                .findFirst();
    }

    public List<Purchase> purchases(String customerId) {
        return jdbc.query(
                PURCHASE + " and customer_id = ?",
                (rs, n) -> new Purchase(rs.getObject(2, OffsetDateTime.class), rs.getBigDecimal(3)),
                customerId);
    }

    /**
     * Every customer, one at a time: its id, blacklist flag and counted purchases (none for a customer without one).
     * Read in pages of {@value #PAGE} rows, so the base is never in memory at once; call it in a transaction (PostgreSQL
     * pages only through a cursor, which needs one).
     */
    public void forEachCustomer(CustomerPurchases each) {
        CustomerRows rows = new CustomerRows(each);
        paged.query(
                "select c.id, coalesce(i.blacklisted, false), p.customer_id, p.purchased_at, p.net_value from customer c "
                        + "left join customer_intel i on i.customer_id = c.id "
                        + "left join (" + PURCHASE + ") p on p.customer_id = c.id order by c.id",
                rows);
        rows.done();
    }

    /** Every stored profile with its customer's id, read in pages as {@link #forEachCustomer}. */
    public void forEachProfile(BiConsumer<String, Profile> each) {
        RowCallbackHandler row = rs -> each.accept(rs.getString(13), profiles.mapRow(rs, 0));
        paged.query("select " + COLUMNS + ", customer_id from customer_intel", row);
    }

    /** One customer of {@link #forEachCustomer}. */
    @FunctionalInterface
    public interface CustomerPurchases {
        void accept(String customerId, boolean blacklisted, List<Purchase> purchases);
    }

    /** Gathers the rows of one customer (adjacent: the read is in customer order) into one call. */
    private static final class CustomerRows implements RowCallbackHandler {

        private final CustomerPurchases each;
        private String customerId;
        private boolean blacklisted;
        private List<Purchase> purchases = new ArrayList<>();

        CustomerRows(CustomerPurchases each) {
            this.each = each;
        }

        @Override
        public void processRow(ResultSet rs) throws SQLException {
            String id = rs.getString(1);
            if (!id.equals(customerId)) {
                done();
                customerId = id;
                blacklisted = rs.getBoolean(2);
            }
            if (rs.getString(3) != null) {
                purchases.add(new Purchase(rs.getObject(4, OffsetDateTime.class), rs.getBigDecimal(5)));
            }
        }

        void done() {
            if (customerId != null) {
                each.accept(customerId, blacklisted, purchases);
                customerId = null;
                purchases = new ArrayList<>();
            }
        }
    }

    public void save(String customerId, Profile p, OffsetDateTime now) {
        Object[] values = {
            p.tier().name(),
            p.tierValue(),
            p.rfm() == null ? null : p.rfm().recency(),
            p.rfm() == null ? null : p.rfm().frequency(),
            p.rfm() == null ? null : p.rfm().monetary(),
            p.stage() == null ? null : p.stage().name(),
            p.lifetimeValue(),
            p.averageOrderValue(),
            p.orderCount(),
            p.firstOrderAt(),
            p.lastOrderAt(),
            p.blacklisted(),
            now,
            customerId
        };
        if (jdbc.update(
                        "update customer_intel set tier = ?, tier_value = ?, recency_score = ?, frequency_score = ?, monetary_score = ?, "
                                + "lifecycle_stage = ?, lifetime_value = ?, average_order_value = ?, order_count = ?, first_order_at = ?, last_order_at = ?, "
                                + "blacklisted = ?, computed_at = ? where customer_id = ?",
                        values)
                == 0) {
            jdbc.update(
                    "insert into customer_intel (" + COLUMNS
                            + ", computed_at, customer_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    values);
        }
    }

    /** How many profiles are at or above iron, gold and platinum now (as {@link Tally#members()}). */
    public long[] membersAtOrAbove() {
        return jdbc.queryForObject(
                "select coalesce(sum(case when tier in ('IRON', 'GOLD', 'PLATINUM') then 1 else 0 end), 0), "
                        + "coalesce(sum(case when tier in ('GOLD', 'PLATINUM') then 1 else 0 end), 0), "
                        + "coalesce(sum(case when tier = 'PLATINUM' then 1 else 0 end), 0) from customer_intel",
                (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
    }

    public long customerCount() {
        return jdbc.queryForObject("select count(*) from customer", Long.class);
    }

    /** The thresholds of the last ranking, if there was one. */
    public Optional<Thresholds> thresholds() {
        return jdbc
                .query(
                        "select " + THRESHOLDS + " from intelligence_thresholds where id = 1",
                        (rs, n) -> new Thresholds(
                                rs.getLong(1),
                                rs.getLong(2),
                                new Thresholds.Cuts<>(
                                        Arrays.asList(rs.getBigDecimal(3), rs.getBigDecimal(4), rs.getBigDecimal(5))),
                                new Thresholds.Cuts<>(
                                        Arrays.asList(instant(rs, 6), instant(rs, 7), instant(rs, 8), instant(rs, 9))),
                                new Thresholds.Cuts<>(Arrays.asList(
                                        integer(rs, 10), integer(rs, 11), integer(rs, 12), integer(rs, 13))),
                                new Thresholds.Cuts<>(Arrays.asList(
                                        rs.getBigDecimal(14),
                                        rs.getBigDecimal(15),
                                        rs.getBigDecimal(16),
                                        rs.getBigDecimal(17))),
                                rs.getObject(18, OffsetDateTime.class)))
                .stream()
                .findFirst();
    }

    /** Stores the thresholds of a ranking in place of the last; another instance storing its own at once is no error. */
    public void saveThresholds(Thresholds t) {
        List<Object> values = new ArrayList<>(List.of(t.population(), t.buyers()));
        values.addAll(t.tiers().values());
        t.recency().values().forEach(at -> values.add(at == null ? null : at.atOffset(ZoneOffset.UTC)));
        values.addAll(t.frequency().values());
        values.addAll(t.monetary().values());
        values.add(t.computedAt());
        Object[] args = values.toArray();
        String set = String.join(" = ?, ", THRESHOLDS.split(", ")) + " = ?";
        if (jdbc.update("update intelligence_thresholds set " + set + " where id = 1", args) == 0) {
            try {
                jdbc.update(
                        "insert into intelligence_thresholds (" + THRESHOLDS + ", id) values ("
                                + "?, ".repeat(args.length) + "1)",
                        args);
            } catch (DuplicateKeyException another) {
                jdbc.update("update intelligence_thresholds set " + set + " where id = 1", args);
            }
        }
    }

    /** How full the tiers are; empty before the first ranking (caps of a population of 0: no tier has room). */
    public Tally tally() {
        return tally("");
    }

    /** The tally, its row locked until the caller's transaction ends: one tier change at a time is counted against the caps. */
    public Tally lockedTally() {
        return tally(" for update");
    }

    private Tally tally(String lock) {
        return jdbc
                .query(
                        "select population, iron_members, gold_members, platinum_members, refused from intelligence_tally where id = 1"
                                + lock,
                        (rs, n) -> new Tally(
                                rs.getLong(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)}, rs.getLong(5)))
                .stream()
                .findFirst()
                .orElse(Tally.empty());
    }

    public void saveTally(Tally t) {
        Object[] args = {t.population(), t.atOrAbove(1), t.atOrAbove(2), t.atOrAbove(3), t.refused()};
        if (jdbc.update(UPDATE_TALLY, args) == 0) {
            try {
                jdbc.update(
                        "insert into intelligence_tally (population, iron_members, gold_members, platinum_members, refused, id) "
                                + "values (?, ?, ?, ?, ?, 1)",
                        args);
            } catch (DuplicateKeyException another) {
                jdbc.update(UPDATE_TALLY, args);
            }
        }
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime at = rs.getObject(column, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        return (Integer) rs.getObject(column, Integer.class);
    }
}
