package io.junction.adapter.crm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.junction.platform.jobs.ClaimTokens;
import io.junction.platform.jobs.InstanceId;
import io.junction.support.HubTest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox claim on the real database (the drain is off in this context): two drains claiming at once never take
 * the same row, a customer's row is never claimable while an older row of theirs is pending, and a dead drain's
 * claim is taken over once its lease has run out.
 */
class CrmOutboxClaimTest extends HubTest {

    /** Beyond every row in the shared test database: rows other tests left pending (their CRM is off) come first. */
    private static final int ALL = 1_000_000;

    @Autowired
    CrmOutbox outbox;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void twoDrainsTakeEachCustomersRowsOneAtATimeInOrderAndNeverTheSameRow() throws Exception {
        List<String> customers = List.of(
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString(),
                UUID.randomUUID().toString());
        transactions.executeWithoutResult(tx -> {
            for (int n = 1; n <= 3; n++) {
                for (String customer : customers) {
                    outbox.enqueue(
                            "order-activity", customer, JSON.createObjectNode().put("n", n));
                }
            }
        });

        List<String> sentInOrder = new ArrayList<>();
        ExecutorService drains = Executors.newFixedThreadPool(2);
        try {
            for (int round = 1; round <= 3; round++) {
                Callable<List<CrmOutbox.Entry>> claim = () -> mine(outbox.claim(ALL), customers);
                Future<List<CrmOutbox.Entry>> first = drains.submit(claim);
                Future<List<CrmOutbox.Entry>> second = drains.submit(claim);
                List<CrmOutbox.Entry> claimed = new ArrayList<>(first.get());
                claimed.addAll(second.get());

                assertThat(claimed)
                        .as("round " + round + ": one row per customer, each claimed once")
                        .hasSize(3);
                assertThat(claimed)
                        .extracting(CrmOutbox.Entry::customerId)
                        .containsExactlyInAnyOrderElementsOf(customers);
                assertThat(mine(outbox.claim(ALL), customers))
                        .as("nothing more until these are settled")
                        .isEmpty();
                for (CrmOutbox.Entry entry : claimed) {
                    sentInOrder.add(entry.customerId() + "#"
                            + JSON.readTree(entry.payload()).path("n").asInt());
                    outbox.sent(entry);
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

    @Test
    void aRowClaimedByADeadDrainIsTakenOverAfterTheLeaseAndTheDeadDrainCannotRenewIt() {
        String customer = UUID.randomUUID().toString();
        transactions.executeWithoutResult(tx -> outbox.enqueue(
                "order-activity", customer, JSON.createObjectNode().put("n", 1)));
        CrmOutbox dead = drain("hub-a:8080#1");
        CrmOutbox alive = drain("hub-b:8080#2");

        List<CrmOutbox.Entry> orphaned = mine(dead.claim(ALL), List.of(customer));
        assertThat(orphaned).hasSize(1);
        assertThat(mine(alive.claim(ALL), List.of(customer)))
                .as("while the lease runs")
                .isEmpty();

        List<CrmOutbox.Entry> taken = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> taken.addAll(mine(alive.claim(ALL), List.of(customer))));
        assertThat(taken)
                .extracting(CrmOutbox.Entry::id)
                .containsExactly(orphaned.get(0).id());
        assertThat(taken.get(0).claimedBy()).startsWith("hub-b:8080#2/");
        assertThat(dead.renew(orphaned.get(0)))
                .as("a drain that lost its claim leaves the row alone")
                .isFalse();
        assertThat(alive.renew(taken.get(0))).isTrue();
        alive.sent(taken.get(0));
    }

    /** Another hub's outbox drain, with a one-second claim lease. */
    private CrmOutbox drain(String instance) {
        CrmProperties crm = new CrmProperties(
                false,
                null,
                null,
                null,
                null,
                null,
                null,
                new CrmProperties.Drain(50, 1, null, null),
                null,
                null,
                null,
                null);
        return new CrmOutbox(jdbc, JSON, crm, new ClaimTokens(new InstanceId(instance, "0")), Clock.systemUTC());
    }

    private static List<CrmOutbox.Entry> mine(List<CrmOutbox.Entry> entries, List<String> customers) {
        return entries.stream().filter(e -> customers.contains(e.customerId())).toList();
    }
}
