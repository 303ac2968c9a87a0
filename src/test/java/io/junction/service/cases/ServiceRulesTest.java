package io.junction.service.cases;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.canonical.Orders;
import io.junction.support.CarrierFixtures;
import io.junction.support.Signatures;
import io.junction.view.intelligence.ProfileChange;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.model.BeanDefinition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every rule of config/service-rules.yml through the running hub: the right case, priority and due time per tier,
 * notifications on the right channel and only with consent where marketing, one case per problem, escalation once per
 * level, the blacklist, and the case API.
 */
class ServiceRulesTest extends ServiceHubTest {

    private static final BigDecimal ONE = BigDecimal.ONE;

    @Autowired
    ProducerTemplate producer;

    @DynamicPropertySource
    static void service(DynamicPropertyRegistry registry) {
        registry.add("junction.service.escalation-ms", () -> "300");
        registry.add("junction.outbox.sweep-ms", () -> "200");
    }

    @Test
    void eachOrderProblemOpensItsCaseWithThePriorityAndDueTimeOfTheCustomersTier() throws Exception {
        record Expect(BigDecimal value, String tier, int priority, Duration sla) {}
        for (Expect expect : List.of(
                new Expect(PLATINUM, "PLATINUM", 1, Duration.ofHours(4)),
                new Expect(GOLD, "GOLD", 2, Duration.ofHours(8)),
                new Expect(IRON, "IRON", 3, Duration.ofHours(24)),
                new Expect(LEAD, "LEAD", 4, Duration.ofHours(72)))) {
            Shopper shopper = new Shopper(true);
            String customerId = customerOfTier(shopper, expect.value(), expect.tier());
            // a second, small order has every problem in turn
            String order = shopper.newOrderId();
            deliver(shopper.place(order, ONE, 0));
            deliver(shopper.update(order, ONE, "backordered", "paid"));
            deliver(shopper.update(order, ONE, "backordered", "failed"));
            deliver(shopper.update(order, ONE, "shipped", "paid"));
            deliver(shopper.update(order, ONE, "delivered", "paid"));
            deliver(shopper.update(order, ONE, "returned", "paid"));

            String hubOrderId = Orders.hubId("acme-shop", order);
            for (String type : List.of("BACKORDER", "PAYMENT", "RETURN")) {
                JsonNode c = caseOfType(customerId, type);
                assertLevel(c, expect.priority(), expect.sla());
                assertThat(c.path("tier").asText()).isEqualTo(expect.tier());
                assertThat(c.path("reference").asText()).isEqualTo("order:" + hubOrderId);
                assertThat(c.path("status").asText()).isEqualTo("OPEN");
                assertThat(c.path("title").asText()).contains("#" + order);
            }
            boolean vip = expect.priority() <= 2;
            List<String> expected = vip
                    ? List.of("vip-welcome", "backorder", "payment-failed", "satisfaction-survey", "return-received")
                    : List.of("backorder", "payment-failed", "return-received");
            List<JsonNode> sent = notifications(customerId, expected.size());
            assertThat(notifications(customerId, 0)).as("nothing more").hasSize(expected.size());
            assertThat(sent)
                    .extracting(n -> n.path("data").path("template").asText())
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(sent).allSatisfy(n -> {
                assertThat(n.path("data").path("channel").asText()).isEqualTo("EMAIL");
                assertThat(n.path("data").path("email").asText()).isEqualTo(shopper.email);
            });
            // a VIP also gets an account manager (the tier change), and nobody a case for the delivery
            assertThat(cases(customerId, cs -> true))
                    .extracting(c -> c.path("type").asText())
                    .containsExactlyInAnyOrderElementsOf(
                            vip
                                    ? List.of("ACCOUNT_MANAGER", "BACKORDER", "PAYMENT", "RETURN")
                                    : List.of("BACKORDER", "PAYMENT", "RETURN"));
            if (vip) {
                // the account manager came with the tier an order raised: the case's CRM task names that order's event
                assertThat(jdbc.queryForList(
                                "select event_id from crm_outbox where customer_id = ? and kind = 'task' and payload like ?",
                                String.class,
                                customerId,
                                "%\"type\":\"ACCOUNT_MANAGER\"%"))
                        .isNotEmpty()
                        .doesNotContainNull();
            }
        }
    }

    @Test
    void aRepeatedProblemUpdatesItsOpenCaseAndADuplicateDeliveryChangesNothing() throws Exception {
        Shopper shopper = new Shopper(true);
        String customerId = customerOfTier(shopper, IRON, "IRON");
        String order = shopper.newOrderId();
        deliver(shopper.place(order, ONE, 0));
        var failed = shopper.update(order, ONE, "placed", "failed");
        deliver(failed);
        JsonNode first = caseOfType(customerId, "PAYMENT");
        assertThat(deliver(failed).statusCode()).as("the storefront's retry").isEqualTo(202);
        deliver(shopper.update(order, ONE, "placed", "pending"));
        deliver(shopper.update(order, ONE, "placed", "failed"));

        List<JsonNode> cases = cases(customerId, cs -> cs.stream()
                .anyMatch(c -> c.path("occurrences").asInt() == 2));
        assertThat(cases).hasSize(1);
        assertThat(cases.get(0).path("id").asText()).isEqualTo(first.path("id").asText());
        assertThat(notifications(customerId, 1)).hasSize(1);
        assertThat(notifications(customerId, 0))
                .as("told once, when the case opened")
                .hasSize(1);

        // once resolved, the same problem again is a new case
        postAs(OPERATOR, "/api/cases/" + first.path("id").asText() + "/resolve", "{\"resolution\": \"card replaced\"}");
        deliver(shopper.update(order, ONE, "placed", "pending"));
        deliver(shopper.update(order, ONE, "placed", "failed"));
        assertThat(cases(customerId, cs -> cs.size() == 2))
                .extracting(c -> c.path("status").asText())
                .containsExactlyInAnyOrder("OPEN", "RESOLVED");
    }

    @Test
    void marketingGoesOnlyToCustomersWhoOptedInServiceMessagesToEveryone() throws Exception {
        Shopper shopper = new Shopper(false);
        String customerId = customerOfTier(shopper, GOLD, "GOLD");
        String order = backorder(shopper);
        deliver(shopper.update(order, ONE, "delivered", "paid"));

        // the account manager still comes, the welcome and the survey do not
        assertThat(caseOfType(customerId, "ACCOUNT_MANAGER").path("title").asText())
                .contains("is now GOLD");
        caseOfType(customerId, "BACKORDER");
        awaitCustomer(shopper.email, c -> c.path("orders").findValues("status").stream()
                .anyMatch(s -> s.asText().equals("DELIVERED")));
        assertThat(notifications(customerId, 0))
                .extracting(n -> n.path("data").path("template").asText())
                .containsExactly("backorder");
    }

    @Test
    void aHighValueCustomerWhoStoppedBuyingGetsAWinBackCase() {
        Shopper atRisk = new Shopper(true);
        deliver(atRisk.place(atRisk.newOrderId(), GOLD, 200));
        String customerId = view(
                        atRisk, c -> "AT_RISK".equals(c.path("lifecycleStage").asText()))
                .path("id")
                .asText();
        assertLevel(caseOfType(customerId, "WIN_BACK"), 2, Duration.ofHours(8));

        Shopper ordinary = new Shopper(true);
        deliver(ordinary.place(ordinary.newOrderId(), LEAD, 200));
        String other = view(
                        ordinary, c -> "AT_RISK".equals(c.path("lifecycleStage").asText()))
                .path("id")
                .asText();
        assertThat(cases(other, cs -> true))
                .as("a lead customer at risk is no case")
                .isEmpty();
    }

    @Test
    void shipmentDelaysAndExceptionsOfOneParcelAreOneCase() throws Exception {
        Shopper shopper = new Shopper(true);
        String customerId = customerOfTier(shopper, IRON, "IRON");
        String order = shopper.newOrderId();
        deliver(shopper.place(order, ONE, 0));
        view(shopper, c -> c.path("orders").size() == 2);
        String tracking = CarrierFixtures.newTrackingNumber();
        // the carrier reports an exception; the estimate is after the promise, and the last scan is days old
        assertThat(deliver(CarrierFixtures.aftership("03-exception", tracking, order))
                        .statusCode())
                .isEqualTo(202);

        List<JsonNode> cases = cases(customerId, cs -> cs.stream()
                .anyMatch(c -> c.path("occurrences").asInt() >= 3));
        assertThat(cases).hasSize(1);
        JsonNode delivery = cases.get(0);
        assertThat(delivery.path("type").asText()).isEqualTo("DELIVERY");
        assertThat(delivery.path("reference").asText()).startsWith("shipment:");
        assertThat(delivery.path("title").asText()).contains(tracking);
        assertLevel(delivery, 3, Duration.ofHours(24));
        // told once, when the case opened (by whichever came first)
        assertThat(notifications(customerId, 1))
                .extracting(n -> n.path("data").path("template").asText())
                .containsAnyOf("delivery-delay", "delivery-exception");
        assertThat(notifications(customerId, 0)).hasSize(1);
    }

    @Test
    void theCrmsBlacklistFlagAndPreferredChannelRuleServiceLevelAndChannel() throws Exception {
        Shopper shopper = new Shopper(true);
        String customerId = customerOfTier(shopper, IRON, "IRON");
        // the CRM's webhook: the customer prefers SMS, has a phone, and is blacklisted
        byte[] record = JSON.writeValueAsBytes(Map.of(
                "id",
                "crm-" + customerId,
                "externalId",
                customerId,
                "phone",
                "+14155550187",
                "preferredChannel",
                "SMS",
                "blacklisted",
                true,
                "updatedAt",
                OffsetDateTime.now(ZoneOffset.UTC).toString()));
        String[] signature = Signatures.header("generic", record);
        assertThat(post("/webhooks/crm", record, Map.of(), signature).statusCode())
                .isEqualTo(202);
        view(
                shopper,
                c -> c.path("blacklisted").asBoolean()
                        && "SMS".equals(c.path("preferredChannel").asText()));

        backorder(shopper);
        JsonNode backorder = caseOfType(customerId, "BACKORDER");
        assertLevel(backorder, 5, Duration.ofDays(7));
        assertThat(backorder.path("tier").asText()).isEqualTo("BLACKLISTED");
        JsonNode sms = notifications(customerId, 1).get(0).path("data");
        assertThat(sms.path("channel").asText()).isEqualTo("SMS");
        assertThat(sms.path("phone").asText()).isEqualTo("+14155550187");
    }

    @Test
    void theBlacklistVerbSetsTheFlagAndRefusesWhatItCannotDo() {
        Shopper shopper = new Shopper(true);
        String customerId = customerOfTier(shopper, GOLD, "GOLD");
        HttpResponse<String> set =
                putAs(OPERATOR, "/api/customers/" + customerId + "/blacklist", "{\"blacklisted\": true}");
        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(json(set).path("blacklisted").asBoolean()).isTrue();
        assertThat(json(set).path("tier").asText()).as("the value tier stays").isEqualTo("GOLD");

        backorder(shopper);
        assertLevel(caseOfType(customerId, "BACKORDER"), 5, Duration.ofDays(7));

        assertThat(putAs(OPERATOR, "/api/customers/" + customerId + "/blacklist", "{\"blacklisted\": false}")
                        .statusCode())
                .isEqualTo(200);
        assertThat(view(shopper, c -> true).path("blacklisted").asBoolean()).isFalse();
        HttpResponse<String> unknown =
                putAs(OPERATOR, "/api/customers/" + UUID.randomUUID() + "/blacklist", "{\"blacklisted\": true}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        HttpResponse<String> bad =
                putAs(OPERATOR, "/api/customers/" + customerId + "/blacklist", "{\"blacklisted\": \"yes\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("errors").get(0).path("field").asText()).isEqualTo("$.blacklisted");
    }

    /**
     * A changed profile's fan-out (route profile-changed) runs in the transaction that stores the profile: a branch
     * that fails takes the stored change and what the branches before it wrote down with it, and the caller gets the
     * failure.
     */
    @Test
    void aProfileChangeWhoseFanOutFailsIsRolledBack() throws Exception {
        Shopper shopper = new Shopper(true);
        String customerId = customerOfTier(shopper, GOLD, "GOLD");
        AtomicBoolean lastBranchFails = new AtomicBoolean(true);
        // a branch after the last one (the CRM sync), so every listener has written when it fails
        AdviceWith.adviceWith(camel, "profile-changed", route -> route.weaveByType(BeanDefinition.class)
                .selectLast()
                .after()
                .process(exchange -> {
                    if (lastBranchFails.get()
                            && exchange.getIn()
                                    .getBody(ProfileChange.class)
                                    .customerId()
                                    .equals(customerId)) {
                        throw new IllegalStateException("the last branch failed for " + customerId);
                    }
                }));
        // what the CRM sync writes: the customer's upsert (still pending here) with the profile's blacklist flag
        String crmSawBlacklisted = "select count(*) from crm_outbox where customer_id = ? and kind = 'customer-upsert' "
                + "and payload like '%\"blacklisted\":true%'";
        try {
            HttpResponse<String> failed =
                    putAs(OPERATOR, "/api/customers/" + customerId + "/blacklist", "{\"blacklisted\": true}");
            assertThat(failed.statusCode()).isEqualTo(500);
            assertThat(jdbc.queryForObject(
                            "select blacklisted from customer_intel where customer_id = ?", Boolean.class, customerId))
                    .as("the stored profile rolled back")
                    .isFalse();
            assertThat(jdbc.queryForObject(crmSawBlacklisted, Integer.class, customerId))
                    .as("the CRM sync's upsert rolled back")
                    .isZero();

            lastBranchFails.set(false);
            HttpResponse<String> set =
                    putAs(OPERATOR, "/api/customers/" + customerId + "/blacklist", "{\"blacklisted\": true}");
            assertThat(set.statusCode()).isEqualTo(200);
            assertThat(json(set).path("blacklisted").asBoolean()).isTrue();
            assertThat(jdbc.queryForObject(crmSawBlacklisted, Integer.class, customerId))
                    .as("the CRM sync's branch ran")
                    .isEqualTo(1);
        } finally {
            // the advice stays on the shared context: inert from here on
            lastBranchFails.set(false);
        }
    }

    @Test
    void aMidTierCustomerWhoCouldNotBeReachedIsCalledBackWithinADay() throws Exception {
        Shopper iron = new Shopper(true);
        String ironId = customerOfTier(iron, IRON, "IRON");
        Shopper lead = new Shopper(true);
        String leadId = customerOfTier(lead, LEAD, "LEAD");
        for (String customerId : List.of(ironId, leadId)) {
            // the SMS sender's report, as it would publish it
            String id = UUID.randomUUID().toString();
            String event = JSON.writeValueAsString(Map.of(
                    "specversion",
                    "1.0",
                    "id",
                    id,
                    "source",
                    "/sms-sender",
                    "type",
                    "notification.failed",
                    "time",
                    OffsetDateTime.now(ZoneOffset.UTC).toString(),
                    "datacontenttype",
                    "application/json",
                    "data",
                    Map.of(
                            "customerId",
                            customerId,
                            "template",
                            "delivery-delay",
                            "purpose",
                            "service",
                            "channel",
                            "SMS",
                            "reason",
                            "number unreachable")));
            producer.sendBodyAndHeader("jms:topic:junction.service", event, "_AMQ_DUPL_ID", id);
        }
        JsonNode callback = caseOfType(ironId, "CALLBACK");
        assertLevel(callback, 3, Duration.ofHours(24));
        assertThat(callback.path("title").asText()).contains("number unreachable");
        assertThat(cases(leadId, cs -> true)).as("lead: no callback by rule").isEmpty();
    }

    @Test
    void anOverdueCaseEscalatesOncePerLevel() throws Exception {
        Shopper shopper = new Shopper(true);
        String customerId = customerOfTier(shopper, IRON, "IRON");
        backorder(shopper);
        String caseId = caseOfType(customerId, "BACKORDER").path("id").asText();

        for (int level = 1; level <= 3; level++) {
            overdue(caseId);
            int expected = level;
            JsonNode c = cases(
                            customerId, cs -> cs.get(0).path("escalationLevel").asInt() == expected)
                    .get(0);
            assertThat(c.path("priority").asInt()).isEqualTo(Math.max(1, 3 - level));
            assertThat(OffsetDateTime.parse(c.path("dueAt").asText()))
                    .isAfter(OffsetDateTime.now(ZoneOffset.UTC).plusHours(3));
            List<JsonNode> escalated = serviceEvents(
                    e -> "case.escalated".equals(e.path("type").asText())
                            && caseId.equals(e.path("data").path("id").asText()),
                    level);
            assertThat(escalated).hasSize(level);
            assertThat(escalated
                            .get(level - 1)
                            .path("data")
                            .path("escalationLevel")
                            .asInt())
                    .isEqualTo(level);
        }
        // many sweeps later, still once per level; and past the last level it stays there
        overdue(caseId);
        assertThat(serviceEvents(
                        e -> "case.escalated".equals(e.path("type").asText())
                                && caseId.equals(e.path("data").path("id").asText()),
                        0))
                .hasSize(3);
        assertThat(json(getAs(VIEWER, "/api/cases/" + caseId))
                        .path("escalationLevel")
                        .asInt())
                .isEqualTo(3);
    }

    @Test
    void theCaseApiListsByUrgencyAndMovesCasesThroughTheirLife() throws Exception {
        Shopper gold = new Shopper(true);
        String goldId = customerOfTier(gold, GOLD, "GOLD");
        Shopper lead = new Shopper(true);
        String leadId = customerOfTier(lead, LEAD, "LEAD");
        backorder(lead);
        backorder(gold);
        String goldCase = caseOfType(goldId, "BACKORDER").path("id").asText();
        String leadCase = caseOfType(leadId, "BACKORDER").path("id").asText();

        List<String> open = json(getAs(VIEWER, "/api/cases?limit=1000")).findValues("id").stream()
                .map(JsonNode::asText)
                .toList();
        assertThat(open).contains(goldCase, leadCase);
        assertThat(open.indexOf(goldCase)).as("gold before lead").isLessThan(open.indexOf(leadCase));
        JsonNode list = json(getAs(VIEWER, "/api/cases?limit=1000"));
        for (int i = 1; i < list.size(); i++) {
            assertThat(list.get(i - 1).path("priority").asInt())
                    .isLessThanOrEqualTo(list.get(i).path("priority").asInt());
        }

        assertThat(postAs(OPERATOR, "/api/cases/" + leadCase + "/assign", "{}").statusCode())
                .isEqualTo(400);
        JsonNode assigned = json(postAs(OPERATOR, "/api/cases/" + leadCase + "/assign", "{\"assignee\": \"agent-7\"}"));
        assertThat(assigned.path("status").asText()).isEqualTo("ASSIGNED");
        assertThat(assigned.path("assignee").asText()).isEqualTo("agent-7");
        HttpResponse<String> early = postAs(OPERATOR, "/api/cases/" + leadCase + "/close", "");
        assertThat(early.statusCode()).isEqualTo(409);
        assertThat(early.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(json(postAs(
                                OPERATOR,
                                "/api/cases/" + leadCase + "/resolve",
                                "{\"resolution\": \"shipped from the other warehouse\"}"))
                        .path("status")
                        .asText())
                .isEqualTo("RESOLVED");
        assertThat(json(postAs(OPERATOR, "/api/cases/" + leadCase + "/close", ""))
                        .path("status")
                        .asText())
                .isEqualTo("CLOSED");
        assertThat(postAs(OPERATOR, "/api/cases/" + leadCase + "/resolve", "").statusCode())
                .isEqualTo(409);
        assertThat(getAs(VIEWER, "/api/cases/" + UUID.randomUUID()).statusCode())
                .isEqualTo(404);
        assertThat(getAs(VIEWER, "/api/cases?status=SOMETIMES").statusCode()).isEqualTo(400);
        assertThat(json(getAs(VIEWER, "/api/cases?limit=1000")).findValues("id").stream()
                        .map(JsonNode::asText))
                .doesNotContain(leadCase);

        // the customer view shows the customer's cases and intelligence
        JsonNode view = view(lead, c -> c.path("cases").size() == 1);
        assertThat(view.path("cases").get(0).path("status").asText()).isEqualTo("CLOSED");
        assertThat(view.path("cases").get(0).path("resolution").asText()).isEqualTo("shipped from the other warehouse");
        assertThat(view.path("tier").asText()).isEqualTo("LEAD");
        assertThat(view.path("lifecycleStage").asText()).isEqualTo("ACTIVE");
        assertThat(view.path("rfm").path("frequency").asInt()).isBetween(1, 5);
        assertThat(view.path("lifetimeValue").decimalValue()).isEqualByComparingTo("11");
        assertThat(view.path("averageOrderValue").decimalValue()).isEqualByComparingTo("5.5");
        assertThat(view.path("blacklisted").asBoolean()).isFalse();
    }

    /** A new small order of the shopper, back-ordered; its id. */
    private String backorder(Shopper shopper) {
        String order = shopper.newOrderId();
        deliver(shopper.place(order, ONE, 0));
        deliver(shopper.update(order, ONE, "backordered", "paid"));
        return order;
    }

    /** As if the case's due time had passed. */
    private void overdue(String caseId) {
        jdbc.update(
                "update service_case set due_at = ? where id = ?",
                OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1),
                caseId);
    }
}
