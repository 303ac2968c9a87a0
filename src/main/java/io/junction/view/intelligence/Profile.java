package io.junction.view.intelligence;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.Objects;

/**
 * What the hub knows of one customer's value: the tier and the measure it was ranked by, RFM scores (null without a
 * counted order), the lifecycle stage (null without a counted order), lifetime value, average order value, the number
 * of counted orders and their first and last times, and the blacklist flag.
 */
public record Profile(
        Tier tier,
        BigDecimal tierValue,
        Rfm rfm,
        LifecycleStage stage,
        BigDecimal lifetimeValue,
        BigDecimal averageOrderValue,
        int orderCount,
        OffsetDateTime firstOrderAt,
        OffsetDateTime lastOrderAt,
        boolean blacklisted) {

    /** A customer the hub knows nothing of yet: no orders, lead, not blacklisted. */
    public static Profile none() {
        return new Profile(Tier.LEAD, BigDecimal.ZERO, null, null, BigDecimal.ZERO, null, 0, null, null, false);
    }

    public Profile withBlacklisted(boolean flag) {
        return new Profile(
                tier,
                tierValue,
                rfm,
                stage,
                lifetimeValue,
                averageOrderValue,
                orderCount,
                firstOrderAt,
                lastOrderAt,
                flag);
    }

    public Profile withRfm(Rfm scores) {
        return new Profile(
                tier,
                tierValue,
                scores,
                stage,
                lifetimeValue,
                averageOrderValue,
                orderCount,
                firstOrderAt,
                lastOrderAt,
                blacklisted);
    }

    public Profile withTier(Tier t) {
        return new Profile(
                t,
                tierValue,
                rfm,
                stage,
                lifetimeValue,
                averageOrderValue,
                orderCount,
                firstOrderAt,
                lastOrderAt,
                blacklisted);
    }

    /** Equal in every published value (amounts compared by value, not scale; times by instant). */
    public boolean sameAs(Profile o) {
        return o != null
                && tier == o.tier
                && tierValue.compareTo(o.tierValue) == 0
                && Objects.equals(rfm, o.rfm)
                && stage == o.stage
                && lifetimeValue.compareTo(o.lifetimeValue) == 0
                && compare(averageOrderValue, o.averageOrderValue)
                && orderCount == o.orderCount
                && blacklisted == o.blacklisted
                && sameInstant(lastOrderAt, o.lastOrderAt);
    }

    /** The published fields (customer view API and CRM): tier, rfm, lifecycleStage, lifetimeValue, averageOrderValue, blacklisted. */
    public void writeTo(ObjectNode node) {
        node.put("tier", tier.name());
        if (rfm != null) {
            node.putObject("rfm")
                    .put("recency", rfm.recency())
                    .put("frequency", rfm.frequency())
                    .put("monetary", rfm.monetary())
                    .put("code", rfm.code());
        }
        if (stage != null) {
            node.put("lifecycleStage", stage.name());
        }
        node.put("lifetimeValue", plain(lifetimeValue));
        if (averageOrderValue != null) {
            node.put("averageOrderValue", plain(averageOrderValue));
        }
        node.put("orderCount", orderCount);
        node.put("blacklisted", blacklisted);
    }

    /** 19.9000 → 19.9 and 200.0000 → 200 (never 2E+2). */
    private static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static boolean compare(BigDecimal a, BigDecimal b) {
        return a == null ? b == null : b != null && a.compareTo(b) == 0;
    }

    private static boolean sameInstant(OffsetDateTime a, OffsetDateTime b) {
        return a == null ? b == null : b != null && a.toInstant().equals(b.toInstant());
    }
}
