package io.junction.adapter.storefront;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.support.Fixture;
import io.junction.support.HubTest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** End to end: a signed storefront webhook over HTTP, the bus, and the single customer view read back over HTTP. */
class StorefrontFlowTest extends HubTest {

    @Test
    void shopifyOrderTravelsFromWebhookToCustomerView() {
        HttpResponse<String> response = deliver(Fixture.storefront("shopify", "01-order-created"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(json(response).path("id").asText()).isNotBlank();
        JsonNode customer = awaitCustomer("elena.novak@example.com", c -> hasOrder(c, "shopify", "5923187654321"));
        assertThat(customer.path("email").asText()).isEqualTo("elena.novak@example.com");
        assertThat(customer.path("phone").asText()).isEqualTo("+14155550132");
        assertThat(customer.path("externalIds").path("shopify").get(0).asText()).isEqualTo("7390145429821");
        JsonNode order = order(customer, "shopify", "5923187654321");
        assertThat(order.path("status").asText()).isEqualTo("PLACED");
        assertThat(order.path("orderNumber").asText()).isEqualTo("#1042");
        assertThat(order.path("currency").asText()).isEqualTo("USD");
        assertThat(order.path("total").decimalValue()).isEqualByComparingTo("143.07");
        assertThat(order.path("lines").get(0).path("sku").asText()).isEqualTo("TMH-CHR-M");
        assertThat(order.path("lines").get(1).path("quantity").asInt()).isEqualTo(2);
        assertThat(order.path("lines").get(1).path("unitPrice").decimalValue()).isEqualByComparingTo("24.5");
        assertThat(order.path("statusHistory")).hasSize(1);
    }

    @Test
    void sameShopperInShopifyAndWooCommerceBecomesOneCustomer() {
        assertThat(deliver(Fixture.storefront("shopify", "01-order-created")).statusCode())
                .isEqualTo(202);
        assertThat(deliver(Fixture.storefront("woocommerce", "01-order-created"))
                        .statusCode())
                .isEqualTo(202);

        JsonNode customer = awaitCustomer(
                "ELENA.NOVAK@example.com",
                c -> hasOrder(c, "shopify", "5923187654321")
                        && hasOrder(c, "woocommerce", sourceOrderId("woocommerce", "01-order-created")));

        assertThat(customer.path("externalIds").path("shopify").get(0).asText()).isEqualTo("7390145429821");
        assertThat(customer.path("externalIds").path("woocommerce").get(0).asText())
                .isEqualTo("27");
        // the same person by phone too: (415) 555-0132 at WooCommerce is +14155550132 at Shopify
        JsonNode byPhone = json(getAs(VIEWER, "/api/customers?phone=%28415%29%20555-0132"));
        assertThat(byPhone.path("id").asText()).isEqualTo(customer.path("id").asText());
        JsonNode byWooId = json(getAs(VIEWER, "/api/customers?system=woocommerce&sourceId=27"));
        assertThat(byWooId.path("id").asText()).isEqualTo(customer.path("id").asText());
    }

    @Test
    void everyWooCommerceAndGenericFixtureIsAccepted() {
        for (String dialect : List.of("woocommerce", "generic")) {
            for (Fixture fixture : Fixture.storefront(dialect)) {
                HttpResponse<String> response = deliver(fixture);
                assertThat(response.statusCode())
                        .as(fixture + ": " + response.body())
                        .isEqualTo(202);
            }
        }
        JsonNode guest =
                awaitCustomer("jonas.lind@example.se", c -> c.path("orders").size() == 1);
        assertThat(guest.path("externalIds").size())
                .as("a guest checkout has no source customer id")
                .isZero();
        JsonNode lena = awaitCustomer(
                "lena.fischer@example.de", c -> hasOrder(c, "acme-shop", sourceOrderId("generic", "01-order-created")));
        assertThat(lena.path("externalIds").path("acme-shop").get(0).asText()).isEqualTo("C-20931");
    }

    @Test
    void openApiDescribesTheWebhooksAndTheCustomerApi() {
        HttpResponse<String> response = get("/openapi.json");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode paths = json(response).path("paths");
        assertThat(paths.has("/webhooks/shopify")).isTrue();
        assertThat(paths.has("/webhooks/woocommerce")).isTrue();
        assertThat(paths.has("/webhooks/generic/{source}")).isTrue();
        assertThat(paths.has("/api/customers/{id}")).isTrue();
    }

    static String sourceOrderId(String dialect, String fixture) {
        return Fixture.storefront(dialect, fixture)
                .expected()
                .path("data")
                .path("sourceOrderId")
                .asText();
    }

    static boolean hasOrder(JsonNode customer, String system, String sourceOrderId) {
        return order(customer, system, sourceOrderId) != null;
    }

    static JsonNode order(JsonNode customer, String system, String sourceOrderId) {
        for (JsonNode order : customer.path("orders")) {
            if (order.path("sourceSystem").asText().equals(system)
                    && order.path("sourceOrderId").asText().equals(sourceOrderId)) {
                return order;
            }
        }
        return null;
    }
}
