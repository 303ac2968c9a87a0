package io.junction.view.intelligence;

import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code junction.intelligence.*} (config/application.yml documents each key).
 *
 * @param measure      what customers are ranked by for their tier: {@code trailing-revenue} (net revenue of the last
 *                     {@code window}) or {@code lifetime-value}
 * @param window       the trailing window of {@code trailing-revenue}
 * @param tiers        the share of customers in each tier, from the top (the rest are lead)
 * @param activeWindow a buyer whose last order is older than this is at risk
 * @param lapsedAfter  a buyer whose last order is older than this has lapsed
 * @param tolerance    how far, as a share of a tier's size, orders may overfill it between two rankings ({@link TierCaps})
 * @param rebalanceMaxShare the share of the time the rebalance's rankings may take ({@link RankingPace})
 */
@ConfigurationProperties("junction.intelligence")
public record IntelligenceProperties(
        String measure,
        Duration window,
        Shares tiers,
        Duration activeWindow,
        Duration lapsedAfter,
        BigDecimal tolerance,
        Double rebalanceMaxShare) {

    public IntelligenceProperties {
        measure = measure == null ? "trailing-revenue" : measure;
        if (!measure.equals("trailing-revenue") && !measure.equals("lifetime-value")) {
            throw new IllegalArgumentException(
                    "junction.intelligence.measure must be trailing-revenue or lifetime-value, not " + measure);
        }
        window = window == null ? Duration.ofDays(365) : window;
        tiers = tiers == null ? new Shares(null, null, null) : tiers;
        activeWindow = activeWindow == null ? Duration.ofDays(90) : activeWindow;
        lapsedAfter = lapsedAfter == null ? Duration.ofDays(365) : lapsedAfter;
        tolerance = tolerance == null ? new BigDecimal("0.10") : tolerance;
        rebalanceMaxShare = rebalanceMaxShare == null ? Double.valueOf(0.10) : rebalanceMaxShare;
        if (tolerance.signum() < 0 || tolerance.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException(
                    "junction.intelligence.tolerance must be between 0 and 1, not " + tolerance);
        }
    }

    /** Shares of the customer base (0.01 = 1%): platinum the top, gold the next, iron the next. */
    public record Shares(BigDecimal platinum, BigDecimal gold, BigDecimal iron) {

        public Shares {
            platinum = platinum == null ? new BigDecimal("0.01") : platinum;
            gold = gold == null ? new BigDecimal("0.04") : gold;
            iron = iron == null ? new BigDecimal("0.15") : iron;
            if (platinum.add(gold).add(iron).compareTo(BigDecimal.ONE) > 0) {
                throw new IllegalArgumentException(
                        "junction.intelligence.tiers: platinum + gold + iron must not exceed 1");
            }
        }
    }
}
