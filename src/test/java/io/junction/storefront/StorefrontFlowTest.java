package io.junction.storefront;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.support.Fixture;
import io.junction.support.HubTest;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

class StorefrontFlowTest extends HubTest {

    @Test
    void shopifyOrderTravelsFromWebhookToCustomerView() {
        Fixture order = Fixture.storefront("shopify", "01-order-created");

        HttpResponse<String> response = deliver(order);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode customer = awaitCustomer("elena.novak@example.com", c -> c.path("orders").size() > 0);
        assertThat(customer.path("externalIds").path("shopify").get(0).asText()).isEqualTo("7390145429821");
        JsonNode stored = customer.path("orders").get(0);
        assertThat(stored.path("sourceOrderId").asText()).isEqualTo("5923187654321");
        assertThat(stored.path("status").asText()).isEqualTo("PLACED");
        assertThat(stored.path("total").decimalValue()).isEqualByComparingTo("143.07");
        assertThat(stored.path("lines")).hasSize(2);
    }
}
