package io.junction.service.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.junction.canonical.Orders;
import io.junction.support.CarrierFixtures;
import io.junction.support.Fixture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A platinum customer's order is back-ordered by the ERP, then shipped late: the storefront webhook, the ERP's
 * staging and status tables, the carrier's webhook, the delay sweep, the service rules, and a CRM on a real HTTP
 * server receiving the cases as tasks. Exactly the expected cases, priorities, notifications and CRM tasks; then the
 * delivery, which the CRM hears of and which brings the platinum customer a satisfaction survey.
 */
class ProactiveServiceEndToEndTest extends ServiceHubTest {

    private static final Crm CRM = new Crm();

    @Autowired
    @Qualifier("erpJdbcTemplate")
    JdbcTemplate erp;

    @DynamicPropertySource
    static void crm(DynamicPropertyRegistry registry) {
        registry.add("junction.crm.enabled", () -> "true");
        registry.add("junction.crm.base-url", CRM::baseUrl);
        registry.add("junction.crm.drain.poll-ms", () -> "100");
        registry.add("junction.crm.rate-per-second", () -> "100");
        registry.add("junction.outbox.sweep-ms", () -> "200");
    }

    @AfterAll
    static void stop() {
        CRM.server.stop(0);
    }

    @Test
    void aPlatinumCustomersBackOrderThenLateShipmentYieldsExactlyTheExpectedCasesAndCrmTasks() throws Exception {
        Shopper shopper = new Shopper(true);
        String order = shopper.newOrderId();
        String hubOrderId = Orders.hubId("acme-shop", order);
        String tracking = CarrierFixtures.newTrackingNumber();

        deliver(shopper.place(order, PLATINUM, 0));
        String customerId = view(shopper, c -> "PLATINUM".equals(c.path("tier").asText()))
                .path("id")
                .asText();
        await().atMost(WAIT)
                .until(() -> erp.queryForObject(
                                "select count(*) from erp_order_inbox where hub_order_id = ?",
                                Integer.class,
                                hubOrderId)
                        == 1);
        // the ERP cannot fill it: a back-order, then, days later, it ships
        erpReports(hubOrderId, "BO", "ACME-LAMP-01", null);
        view(shopper, c -> "BACKORDERED"
                .equals(c.path("orders").get(0).path("status").asText()));
        erpReports(hubOrderId, "SH", null, tracking);
        view(shopper, c -> "SHIPPED"
                .equals(c.path("orders").get(0).path("status").asText()));
        // the carrier: in transit since long ago, and now expected three days after the promised date
        Fixture transit = CarrierFixtures.aftership("01-in-transit", tracking, null);
        ObjectNode body = transit.bodyCopy();
        body.withObject("msg").put("expected_delivery", "2024-07-08");
        assertThat(deliver(transit.with(Map.of(), body)).statusCode()).isEqualTo(202);

        // both delays (the estimate after the promise, and the silence since the last scan) are one problem
        List<JsonNode> cases = cases(customerId, cs -> cs.stream()
                .anyMatch(c -> "DELIVERY".equals(c.path("type").asText())
                        && c.path("occurrences").asInt() == 2));
        assertThat(cases)
                .extracting(c -> c.path("type").asText())
                .containsExactlyInAnyOrder("ACCOUNT_MANAGER", "BACKORDER", "DELIVERY");
        for (JsonNode c : cases) {
            assertLevel(c, 1, Duration.ofHours(4));
            assertThat(c.path("tier").asText()).isEqualTo("PLATINUM");
            assertThat(c.path("status").asText()).isEqualTo("OPEN");
        }
        JsonNode backorder = cases.stream()
                .filter(c -> "BACKORDER".equals(c.path("type").asText()))
                .findFirst()
                .orElseThrow();
        assertThat(backorder.path("reference").asText()).isEqualTo("order:" + hubOrderId);
        assertThat(backorder.path("title").asText()).contains("#" + order).contains("ACME-LAMP-01");
        JsonNode delivery = cases.stream()
                .filter(c -> "DELIVERY".equals(c.path("type").asText()))
                .findFirst()
                .orElseThrow();
        assertThat(delivery.path("title").asText()).contains(tracking).contains("#" + order);

        assertThat(notifications(customerId, 3))
                .extracting(n -> n.path("data").path("template").asText())
                .containsExactlyInAnyOrder("vip-welcome", "backorder", "delivery-delay");
        assertThat(notifications(customerId, 0)).hasSize(3);

        // the CRM has one task per case, each as the case now stands
        await().atMost(WAIT)
                .until(() -> latestTasks(customerId).size() == 3
                        && latestTasks(customerId).values().stream()
                                .anyMatch(t -> t.path("occurrences").asInt() == 2));
        Map<String, JsonNode> tasks = latestTasks(customerId);
        assertThat(tasks.keySet())
                .containsExactlyInAnyOrderElementsOf(
                        cases.stream().map(c -> c.path("id").asText()).toList());
        assertThat(tasks.values()).allSatisfy(t -> {
            assertThat(t.path("priority").asInt()).isEqualTo(1);
            assertThat(t.path("status").asText()).isEqualTo("OPEN");
            assertThat(t.path("tier").asText()).isEqualTo("PLATINUM");
        });
        assertThat(tasks.values())
                .extracting(t -> t.path("type").asText())
                .containsExactlyInAnyOrder("ACCOUNT_MANAGER", "BACKORDER", "DELIVERY");
        // and knows the customer as platinum
        await().atMost(WAIT).until(() -> CRM.received("/customers/upsert").stream()
                .anyMatch(u -> customerId.equals(u.path("externalId").asText())
                        && "PLATINUM".equals(u.path("tier").asText())));

        // at last the parcel arrives: the delivery moves the order (the CRM hears of it) and a platinum customer is
        // asked
        // how it went; no new case
        assertThat(deliver(CarrierFixtures.aftership("02-delivered", tracking, null))
                        .statusCode())
                .isEqualTo(202);
        view(shopper, c -> "DELIVERED"
                .equals(c.path("orders").get(0).path("status").asText()));
        await().atMost(WAIT).until(() -> CRM.received("/activities").stream()
                .anyMatch(a -> customerId.equals(a.path("customerExternalId").asText())
                        && "DELIVERED".equals(a.path("status").asText())));
        assertThat(notifications(customerId, 4))
                .extracting(n -> n.path("data").path("template").asText())
                .contains("satisfaction-survey");
        assertThat(cases(customerId, cs -> true)).hasSize(3);
    }

    /** The last task the CRM received for each case of the customer, by case id. */
    private static Map<String, JsonNode> latestTasks(String customerId) {
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        CRM.received("/tasks").stream()
                .filter(t -> customerId.equals(t.path("customerExternalId").asText()))
                .forEach(t -> latest.put(t.path("externalId").asText(), t));
        return latest;
    }

    private void erpReports(String hubOrderId, String code, String missingSkus, String shipmentRef) {
        erp.update(
                "insert into erp_order_status (hub_order_id, status_code, reason, missing_skus, expected_date, shipment_ref, status_time) "
                        + "values (?, ?, ?, ?, ?, ?, ?)",
                hubOrderId,
                code,
                missingSkus == null ? null : "out of stock: " + missingSkus,
                missingSkus,
                missingSkus == null ? null : LocalDate.now().plusDays(7),
                shipmentRef,
                OffsetDateTime.now(ZoneOffset.UTC));
    }

    /** A CRM on a real HTTP server: accepts every upsert, activity and task (2xx), and records them in arrival order. */
    private static final class Crm {

        final List<String[]> requests = new CopyOnWriteArrayList<>();
        final HttpServer server;

        Crm() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                requests.add(new String[] {
                    exchange.getRequestURI().getPath(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)
                });
                byte[] answer = "{\"id\":\"crm-1\"}".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        List<JsonNode> received(String path) {
            return requests.stream()
                    .filter(r -> r[0].equals(path))
                    .map(r -> {
                        try {
                            return JSON.readTree(r[1]);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .toList();
        }
    }
}
