package io.junction.view.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.support.HubTest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class CustomerLookupTest extends HubTest {

    @Test
    void anUnknownCustomerIs404WithAProblem() {
        assertNotFound(getAs(VIEWER, "/api/customers/00000000-0000-0000-0000-000000000000"), "no customer with id");
        assertNotFound(getAs(VIEWER, "/api/customers?email=nobody@example.com"), "no customer with email");
        assertNotFound(getAs(VIEWER, "/api/customers?phone=%2B14155550000"), "no customer with phone +14155550000");
        assertNotFound(
                getAs(VIEWER, "/api/customers?system=shopify&sourceId=does-not-exist"), "no customer with shopify id");
    }

    @Test
    void aQueryThatSaysNoCustomerIs400() {
        HttpResponse<String> response = getAs(VIEWER, "/api/customers");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("errors").get(0).path("field").asText())
                .isEqualTo("email|phone|system+sourceId");
    }

    @Test
    void aPhoneThatIsNoPhoneIs400() {
        HttpResponse<String> response = getAs(VIEWER, "/api/customers?phone=banana");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("errors").get(0).path("field").asText()).isEqualTo("phone");
    }

    private static void assertNotFound(HttpResponse<String> response, String detail) {
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        JsonNode problem = json(response);
        assertThat(problem.path("status").asInt()).isEqualTo(404);
        assertThat(problem.path("detail").asText()).startsWith(detail);
    }
}
