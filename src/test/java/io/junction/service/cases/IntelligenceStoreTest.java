package io.junction.service.cases;

import static org.assertj.core.api.Assertions.assertThat;

import io.junction.support.HubTest;
import io.junction.view.intelligence.IntelligenceStore;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/** What the full ranking reads of the base (IntelligenceStore.forEachCustomer), on the hub's database. */
class IntelligenceStoreTest extends HubTest {

    @Autowired
    IntelligenceStore store;

    @Autowired
    TransactionTemplate transaction;

    /**
     * The ranking's read of the base: each customer once, with their blacklist flag and every counted purchase (the
     * read is paged and its rows gathered per customer).
     */
    @Test
    void theRankingReadsEachCustomerOnceWithAllTheirCountedPurchases() {
        Shopper twice = new Shopper(true);
        String cancelled = twice.newOrderId();
        deliver(twice.place(twice.newOrderId(), BigDecimal.valueOf(11), 3));
        deliver(twice.place(twice.newOrderId(), BigDecimal.valueOf(22), 2));
        deliver(twice.place(cancelled, BigDecimal.valueOf(33), 1));
        deliver(twice.update(cancelled, BigDecimal.valueOf(33), "cancelled", "voided"));
        String twiceId = awaitCustomer(
                        twice.email,
                        c -> c.path("orders").size() == 3
                                && c.path("lifetimeValue").asInt() == 33)
                .path("id")
                .asText();
        assertThat(putAs(OPERATOR, "/api/customers/" + twiceId + "/blacklist", "{\"blacklisted\": true}")
                        .statusCode())
                .isEqualTo(200);
        Shopper once = new Shopper(true);
        deliver(once.place(once.newOrderId(), BigDecimal.valueOf(44), 1));
        String onceId = awaitCustomer(once.email, c -> c.path("lifetimeValue").asInt() == 44)
                .path("id")
                .asText();

        Map<String, List<String>> read = new HashMap<>();
        transaction.executeWithoutResult(tx -> store.forEachCustomer((id, blacklisted, purchases) -> {
            List<String> seen = read.computeIfAbsent(id, k -> new ArrayList<>());
            seen.add("blacklisted " + blacklisted);
            purchases.forEach(p -> seen.add(p.netValue().stripTrailingZeros().toPlainString()));
        }));
        assertThat(read.get(twiceId)).containsExactlyInAnyOrder("blacklisted true", "11", "22");
        assertThat(read.get(onceId)).containsExactly("blacklisted false", "44");
    }
}
