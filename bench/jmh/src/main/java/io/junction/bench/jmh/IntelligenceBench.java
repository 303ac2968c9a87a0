package io.junction.bench.jmh;

import io.junction.view.intelligence.IntelligenceCalculator;
import io.junction.view.intelligence.IntelligenceProperties;
import io.junction.view.intelligence.Profile;
import io.junction.view.intelligence.Purchase;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The pure part of the full intelligence recompute: every customer's facts from their purchases, then the whole base
 * ranked for tier and RFM (IntelligenceCalculator with its default settings, which config/application.yml repeats).
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class IntelligenceBench extends ShortRun {

    @Param("10000")
    public int customers;

    private final IntelligenceCalculator calculator = new IntelligenceCalculator(new IntelligenceProperties(null, null, null, null, null, null, null));
    private final OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    private Map<String, List<Purchase>> purchases;

    @Setup
    public void setUp() {
        // a fixed seed: every run ranks the same base; 0 to 7 orders each over two years, 5 to 500 a piece
        Random random = new Random(8);
        purchases = new HashMap<>();
        for (int c = 0; c < customers; c++) {
            List<Purchase> orders = new ArrayList<>();
            for (int n = random.nextInt(8); n > 0; n--) {
                orders.add(new Purchase(now.minusHours(random.nextInt(2 * 365 * 24)), BigDecimal.valueOf(500 + random.nextInt(49_500), 2)));
            }
            purchases.put("customer-" + c, orders);
        }
    }

    @Benchmark
    public Map<String, Profile> recompute() {
        Map<String, Profile> facts = new HashMap<>();
        purchases.forEach((id, list) -> facts.put(id, calculator.facts(list, false, now)));
        return calculator.rank(facts, now);
    }
}
