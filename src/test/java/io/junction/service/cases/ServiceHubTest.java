package io.junction.service.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.support.BusTap;
import io.junction.support.HubTest;
import io.junction.view.intelligence.CustomerIntelligence;
import jakarta.jms.ConnectionFactory;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The whole hub with a value pyramid to rank test customers in, and the test's own subscription to junction.service
 * (notifications, case events) for the length of each test.
 *
 * <p>The pyramid: 3,000 customers whose tier measure is 1, 2, … 3,000 (profiles without orders, written once per
 * hub), then ranked: the hub's tier thresholds come from them, so platinum needs a measure above 2,970 (2,970 of 3,000
 * below: 99%), gold above 2,850 and iron above 2,400. An order worth 1,000,000 makes platinum, 2,930 gold, 2,700 iron
 * and 10 lead.
 */
abstract class ServiceHubTest extends HubTest {

    static final BigDecimal PLATINUM = new BigDecimal("1000000");
    static final BigDecimal GOLD = new BigDecimal("2930");
    static final BigDecimal IRON = new BigDecimal("2700");
    static final BigDecimal LEAD = new BigDecimal("10");
    static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    private ConnectionFactory connectionFactory;

    @Autowired
    private CustomerIntelligence intelligence;

    protected BusTap service;
    private final List<JsonNode> seen = new ArrayList<>();

    @BeforeEach
    void pyramidAndTap() throws Exception {
        service = new BusTap(connectionFactory, "junction.service");
        Integer known = jdbc.queryForObject("select count(*) from customer where id like 'pyramid-%'", Integer.class);
        if (known != null && known > 0) {
            return;
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<Object[]> customers = new ArrayList<>();
        List<Object[]> profiles = new ArrayList<>();
        for (int i = 1; i <= 3000; i++) {
            customers.add(new Object[] {"pyramid-" + i, now, now});
            profiles.add(new Object[] {"pyramid-" + i, BigDecimal.valueOf(i), now});
        }
        jdbc.batchUpdate(
                "insert into customer (id, provenance, created_at, updated_at) values (?, '{}', ?, ?)", customers);
        jdbc.batchUpdate(
                "insert into customer_intel (customer_id, tier, tier_value, lifetime_value, order_count, blacklisted, computed_at) "
                        + "values (?, 'LEAD', ?, 0, 0, false, ?)",
                profiles);
        // written past the hub, so it ranks them as it does the stored profiles at its first start
        intelligence.refreshThresholds();
    }

    @AfterEach
    void untap() throws Exception {
        service.close();
    }

    /** The shopper's customer view once it satisfies {@code ready}. */
    JsonNode view(Shopper shopper, Predicate<JsonNode> ready) {
        return awaitCustomer(shopper.email, ready);
    }

    /** Places an order of this value and waits until the shopper has the expected tier; the hub customer id. */
    String customerOfTier(Shopper shopper, BigDecimal value, String tier) {
        assertThat(deliver(shopper.place(shopper.newOrderId(), value, 0)).statusCode())
                .isEqualTo(202);
        return view(shopper, c -> tier.equals(c.path("tier").asText()))
                .path("id")
                .asText();
    }

    /** The customer's cases (all statuses, newest first) once {@code ready} holds of them. */
    List<JsonNode> cases(String customerId, Predicate<List<JsonNode>> ready) {
        List<List<JsonNode>> found = new ArrayList<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode list =
                    json(getAs(VIEWER, "/api/cases?status=OPEN,ASSIGNED,RESOLVED,CLOSED&customerId=" + customerId));
            List<JsonNode> cases = new ArrayList<>();
            list.forEach(cases::add);
            found.add(0, cases);
            return ready.test(cases);
        });
        return found.get(0);
    }

    /** The one case of this type, once there is one (fails if there are more). */
    JsonNode caseOfType(String customerId, String type) {
        List<JsonNode> matching =
                cases(customerId, cs -> cs.stream()
                                .anyMatch(c -> type.equals(c.path("type").asText())))
                        .stream()
                        .filter(c -> type.equals(c.path("type").asText()))
                        .toList();
        assertThat(matching).as(type + " cases").hasSize(1);
        return matching.get(0);
    }

    /** The notifications requested for this customer: once {@code expected} came (at most 20 s), or with 0, after 2 s. */
    List<JsonNode> notifications(String customerId, int expected) throws Exception {
        return serviceEvents(
                e -> "notification.requested".equals(e.path("type").asText())
                        && customerId.equals(e.path("data").path("customerId").asText()),
                expected);
    }

    /** Events on junction.service since the test began that match: once {@code expected} came (at most 20 s), or with 0, after 2 s. */
    List<JsonNode> serviceEvents(Predicate<JsonNode> wanted, int expected) throws Exception {
        long deadline = System.currentTimeMillis() + (expected == 0 ? 2000 : 20_000);
        while (true) {
            List<JsonNode> matching = seen.stream().filter(wanted).toList();
            if ((expected > 0 && matching.size() >= expected) || System.currentTimeMillis() > deadline) {
                return matching;
            }
            seen.addAll(service.await(e -> true, 0, 200));
        }
    }

    /** Asserts a case's priority and that it is due {@code sla} after it was opened. */
    static void assertLevel(JsonNode serviceCase, int priority, Duration sla) {
        assertThat(serviceCase.path("priority").asInt())
                .as("priority of " + serviceCase)
                .isEqualTo(priority);
        assertThat(Duration.between(
                        OffsetDateTime.parse(serviceCase.path("createdAt").asText()),
                        OffsetDateTime.parse(serviceCase.path("dueAt").asText())))
                .as("due time of " + serviceCase.path("type"))
                .isEqualTo(sla);
    }
}
