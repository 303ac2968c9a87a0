package io.junction.intelligence;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Profiles (table customer_intel) and the orders they are computed from. A counted order is one that brings revenue:
 * not cancelled, rejected, returned or refunded, and not with a failed, voided or refunded payment; its net value is
 * its subtotal (after discounts, before tax and shipping), else its total less tax and shipping.
 */
@Component
public class IntelligenceStore {

    private static final String COUNTED = "status not in ('CANCELLED', 'REJECTED', 'RETURNED', 'REFUNDED') "
            + "and (payment_status is null or payment_status not in ('FAILED', 'VOIDED', 'REFUNDED'))";
    private static final String PURCHASE = "select customer_id, coalesce(placed_at, created_at), "
            + "coalesce(subtotal, total - coalesce(tax, 0) - coalesce(shipping, 0)) from customer_order where " + COUNTED;
    private static final String COLUMNS = "tier, tier_value, recency_score, frequency_score, monetary_score, lifecycle_stage, lifetime_value, "
            + "average_order_value, order_count, first_order_at, last_order_at, blacklisted";

    private final JdbcTemplate jdbc;
    private final RowMapper<Profile> profiles = (rs, n) -> new Profile(Tier.valueOf(rs.getString(1)), rs.getBigDecimal(2),
            rs.getObject(3) == null ? null : new Rfm(rs.getInt(3), rs.getInt(4), rs.getInt(5)),
            rs.getString(6) == null ? null : LifecycleStage.valueOf(rs.getString(6)), rs.getBigDecimal(7), rs.getBigDecimal(8),
            rs.getInt(9), rs.getObject(10, OffsetDateTime.class), rs.getObject(11, OffsetDateTime.class), rs.getBoolean(12));

    public IntelligenceStore(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Profile> find(String customerId) {
        return jdbc.query("select " + COLUMNS + " from customer_intel where customer_id = ?", profiles, customerId).stream().findFirst();
    }

    public List<Purchase> purchases(String customerId) {
        return jdbc.query(PURCHASE + " and customer_id = ?", (rs, n) -> new Purchase(rs.getObject(2, OffsetDateTime.class),
                rs.getBigDecimal(3)), customerId);
    }

    /** Every customer id, each with its counted purchases (none for a customer without one). */
    public Map<String, List<Purchase>> allPurchases() {
        Map<String, List<Purchase>> all = new HashMap<>();
        jdbc.query("select id from customer", rs -> {
            all.put(rs.getString(1), new ArrayList<>());
        });
        jdbc.query(PURCHASE, rs -> {
            all.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                    .add(new Purchase(rs.getObject(2, OffsetDateTime.class), rs.getBigDecimal(3)));
        });
        return all;
    }

    public Map<String, Profile> all() {
        Map<String, Profile> all = new HashMap<>();
        jdbc.query("select " + COLUMNS + ", customer_id from customer_intel", rs -> {
            all.put(rs.getString(13), profiles.mapRow(rs, 0));
        });
        return all;
    }

    public void save(String customerId, Profile p, OffsetDateTime now) {
        Object[] values = {p.tier().name(), p.tierValue(), p.rfm() == null ? null : p.rfm().recency(), p.rfm() == null ? null : p.rfm().frequency(),
                p.rfm() == null ? null : p.rfm().monetary(), p.stage() == null ? null : p.stage().name(), p.lifetimeValue(),
                p.averageOrderValue(), p.orderCount(), p.firstOrderAt(), p.lastOrderAt(), p.blacklisted(), now, customerId};
        if (jdbc.update("update customer_intel set tier = ?, tier_value = ?, recency_score = ?, frequency_score = ?, monetary_score = ?, "
                + "lifecycle_stage = ?, lifetime_value = ?, average_order_value = ?, order_count = ?, first_order_at = ?, last_order_at = ?, "
                + "blacklisted = ?, computed_at = ? where customer_id = ?", values) == 0) {
            jdbc.update("insert into customer_intel (" + COLUMNS + ", computed_at, customer_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values);
        }
    }

    /** Where a tier measure stands: customers other than this one strictly below it, out of every customer the hub knows. */
    public record TierRank(long below, long population) {
    }

    /**
     * The tier ranking of {@code value} in one pass over the profiles (it runs for every order): customers other than
     * this one with a tier measure strictly below it, counting the ones without a profile (measure 0) when it is
     * positive. Every profile is a customer's (foreign key), so the unprofiled are the population less the profiles.
     */
    public TierRank tierRank(String customerId, BigDecimal value) {
        return jdbc.queryForObject("select (select count(*) from customer), count(*), "
                + "coalesce(sum(case when customer_id <> ? and tier_value < ? then 1 else 0 end), 0), "
                + "coalesce(sum(case when customer_id = ? then 1 else 0 end), 0) from customer_intel", (rs, n) -> {
            long population = rs.getLong(1);
            long ranked = rs.getLong(3);
            long unprofiledOthers = population - rs.getLong(2) - (rs.getLong(4) > 0 ? 0 : 1);
            return new TierRank(value.signum() <= 0 ? ranked : ranked + unprofiledOthers, population);
        }, customerId, value, customerId);
    }

    /**
     * Buyers other than this one, and how many of them are strictly below this buyer in recency, frequency and monetary
     * value, counted in one pass over the profiles.
     */
    public long[] buyersBelow(String customerId, Profile p) {
        return jdbc.queryForObject("select count(*), "
                + "coalesce(sum(case when last_order_at < ? then 1 else 0 end), 0), "
                + "coalesce(sum(case when order_count < ? then 1 else 0 end), 0), "
                + "coalesce(sum(case when lifetime_value < ? then 1 else 0 end), 0) "
                + "from customer_intel where customer_id <> ? and order_count > 0",
                (rs, n) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)},
                p.lastOrderAt(), p.orderCount(), p.lifetimeValue(), customerId);
    }
}
