package io.junction.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.support.HubTest;
import io.junction.support.ShopifyOrders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every API under /api needs a login or an API key: anonymous and wrong credentials get a 401 problem with
 * WWW-Authenticate, a reader who acts a 403 problem; a customer record read is audited (who, from where, how).
 */
class ApiSecurityTest extends HubTest {

    private static final String DEV_KEY = "junction-dev-api-key";
    private static final String UNKNOWN = UUID.randomUUID().toString();

    @Test
    void anonymousCallersGetA401ProblemFromEveryApiFamily() {
        for (String path : new String[] {
            "/api/customers?email=someone@example.com",
            "/api/customers?phone=%2B14155550132",
            "/api/customers/" + UNKNOWN,
            "/api/cases",
            "/api/cases/" + UNKNOWN,
            "/api/crm/outbox",
            "/api/ops/journal"
        }) {
            assertUnauthorized(getAs(null, path), path);
        }
        assertUnauthorized(postAs(null, "/api/cases/" + UNKNOWN + "/assign", "{\"assignee\": \"a\"}"), "assign");
        assertUnauthorized(
                putAs(null, "/api/customers/" + UNKNOWN + "/blacklist", "{\"blacklisted\": true}"), "blacklist");
        assertUnauthorized(postAs(null, "/api/crm/outbox/1/replay", ""), "outbox replay");
    }

    @Test
    void aViewerReadsTheCustomerViewAndEveryReadIsAudited() {
        ShopifyOrders shop = new ShopifyOrders();
        assertThat(deliver(shop.created("2024-07-01T10:00:00Z")).statusCode()).isEqualTo(202);
        String id = awaitCustomer(shop.email, c -> c.path("orders").size() == 1)
                .path("id")
                .asText();
        int before = reads(id, "viewer");

        HttpResponse<String> byId = getAs(VIEWER, "/api/customers/" + id);
        assertThat(byId.statusCode()).isEqualTo(200);
        assertThat(json(byId).path("email").asText()).isEqualTo(shop.email);
        assertThat(getAs(VIEWER, "/api/crm/outbox").statusCode()).isEqualTo(200);
        assertThat(getAs(VIEWER, "/api/cases").statusCode()).isEqualTo(200);

        assertThat(reads(id, "viewer")).isEqualTo(before + 1);
        String last = jdbc.queryForObject(
                "select principal_kind || ' ' || lookup || ' ' || remote_address from customer_read_audit "
                        + "where customer_id = ? and principal = 'viewer' order by id desc fetch first 1 rows only",
                String.class,
                id);
        assertThat(last).isIn("login id 127.0.0.1", "login id 0:0:0:0:0:0:0:1");
        assertThat(getAs(VIEWER, "/api/customers/" + UNKNOWN).statusCode())
                .as("a miss")
                .isEqualTo(404);
        assertThat(jdbc.queryForObject(
                        "select count(*) from customer_read_audit where customer_id = ?", Integer.class, UNKNOWN))
                .as("a miss reads nobody's record")
                .isZero();
    }

    @Test
    void aViewerCannotActAndGetsA403Problem() {
        assertForbidden(postAs(VIEWER, "/api/cases/" + UNKNOWN + "/assign", "{\"assignee\": \"agent-7\"}"));
        assertForbidden(putAs(VIEWER, "/api/customers/" + UNKNOWN + "/blacklist", "{\"blacklisted\": true}"));
        assertForbidden(postAs(VIEWER, "/api/crm/outbox/1/replay", ""));
        assertThat(postAs(OPERATOR, "/api/crm/outbox/999999999/replay", "").statusCode())
                .as("an operator acts")
                .isEqualTo(404);
    }

    @Test
    void anApiKeyReadsAsItsHolderAndAWrongKeyIs401() {
        ShopifyOrders shop = new ShopifyOrders();
        assertThat(deliver(shop.created("2024-07-01T10:00:00Z")).statusCode()).isEqualTo(202);
        String id = awaitCustomer(shop.email, c -> c.path("orders").size() == 1)
                .path("id")
                .asText();

        HttpResponse<String> byHeader = send(request("/api/customers?email=" + shop.email)
                .header("X-Api-Key", DEV_KEY)
                .GET()
                .build());
        HttpResponse<String> byBearer = send(request("/api/customers/" + id)
                .header("Authorization", "Bearer " + DEV_KEY)
                .GET()
                .build());
        assertThat(byHeader.statusCode()).isEqualTo(200);
        assertThat(json(byBearer).path("id").asText()).isEqualTo(id);
        assertThat(reads(id, "api-key:development")).isEqualTo(2);
        assertThat(jdbc.queryForList(
                        "select principal_kind from customer_read_audit where principal = 'api-key:development' "
                                + "and customer_id = ?",
                        String.class,
                        id))
                .containsOnly("api-key");

        // a viewer key reads but cannot act
        assertForbidden(send(request("/api/cases/" + UNKNOWN + "/assign")
                .header("X-Api-Key", DEV_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"assignee\": \"a\"}"))
                .build()));

        HttpResponse<String> wrongKey = send(request("/api/customers/" + id)
                .header("X-Api-Key", DEV_KEY + "x")
                .GET()
                .build());
        assertUnauthorized(wrongKey, "wrong key");
        assertThat(json(wrongKey).path("detail").asText()).contains("API key");
        assertUnauthorized(
                send(request("/api/customers/" + id)
                        .header("Authorization", "Bearer nope")
                        .GET()
                        .build()),
                "wrong bearer");
        assertUnauthorized(getAs("viewer:wrong", "/api/customers/" + id), "wrong password");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
    }

    private int reads(String customerId, String principal) {
        Integer n = jdbc.queryForObject(
                "select count(*) from customer_read_audit where customer_id = ? and principal = ?",
                Integer.class,
                customerId,
                principal);
        return n == null ? 0 : n;
    }

    private static void assertUnauthorized(HttpResponse<String> response, String what) {
        assertThat(response.statusCode()).as(what).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).as(what).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .as(what)
                .hasValueSatisfying(h -> assertThat(h).contains("Basic").contains("Bearer"));
        JsonNode problem = json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(401);
        assertThat(problem.path("title").asText()).isEqualTo("Unauthorized");
        assertThat(response.body()).as("no customer data").doesNotContain("\"orders\"");
    }

    private static void assertForbidden(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(json(response).path("status").asInt()).isEqualTo(403);
        assertThat(json(response).path("detail").asText()).contains("operator");
    }
}
