package io.junction.crm;

import io.junction.support.HubTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbox claim on the real database (the drain is off in this context): two drains claiming at once never take
 * the same row, and a customer's row is never claimable while an older row of theirs is pending.
 */
class CrmOutboxClaimTest extends HubTest {

    @Autowired
    CrmOutbox outbox;
    @Autowired
    TransactionTemplate transactions;

    @Test
    void twoDrainsTakeEachCustomersRowsOneAtATimeInOrderAndNeverTheSameRow() throws Exception {
        List<String> customers = List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString(), UUID.randomUUID().toString());
        transactions.executeWithoutResult(tx -> {
            for (int n = 1; n <= 3; n++) {
                for (String customer : customers) {
                    outbox.enqueue("order-activity", customer, JSON.createObjectNode().put("n", n));
                }
            }
        });

        List<String> sentInOrder = new ArrayList<>();
        ExecutorService drains = Executors.newFixedThreadPool(2);
        try {
            for (int round = 1; round <= 3; round++) {
                Callable<List<CrmOutbox.Entry>> claim = () -> mine(outbox.claim(100), customers);
                Future<List<CrmOutbox.Entry>> first = drains.submit(claim);
                Future<List<CrmOutbox.Entry>> second = drains.submit(claim);
                List<CrmOutbox.Entry> claimed = new ArrayList<>(first.get());
                claimed.addAll(second.get());

                assertThat(claimed).as("round " + round + ": one row per customer, each claimed once").hasSize(3);
                assertThat(claimed).extracting(CrmOutbox.Entry::customerId).containsExactlyInAnyOrderElementsOf(customers);
                assertThat(mine(outbox.claim(100), customers)).as("nothing more until these are settled").isEmpty();
                for (CrmOutbox.Entry entry : claimed) {
                    sentInOrder.add(entry.customerId() + "#" + JSON.readTree(entry.payload()).path("n").asInt());
                    outbox.sent(entry.id());
                }
            }
        } finally {
            drains.shutdownNow();
        }
        for (String customer : customers) {
            assertThat(sentInOrder.stream().filter(s -> s.startsWith(customer)).toList())
                    .containsExactly(customer + "#1", customer + "#2", customer + "#3");
        }
    }

    private static List<CrmOutbox.Entry> mine(List<CrmOutbox.Entry> entries, List<String> customers) {
        return entries.stream().filter(e -> customers.contains(e.customerId())).toList();
    }
}
