package io.junction.adapter.crm;

import static io.junction.support.Still.holdsFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.junction.support.HubTest;
import io.junction.support.ShopifyOrders;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The embedded run has no CRM: changes still land in the outbox (nothing is lost), wait there, and health says so. */
class CrmOffByDefaultTest extends HubTest {

    @Test
    void withoutACrmTheOutboxWaitsAndHealthSaysSo() throws Exception {
        ShopifyOrders shop = new ShopifyOrders();

        deliver(shop.created("2024-07-01T10:00:00Z"));
        String hubId = awaitCustomer(shop.email, c -> true).path("id").asText();

        await().atMost(Duration.ofSeconds(20)).until(() -> rows(hubId, "PENDING") == 2);
        holdsFor(Duration.ofMillis(1500), () -> assertThat(rows(hubId, "PENDING"))
                .as("a customer upsert and an order activity, waiting")
                .isEqualTo(2));
        JsonNode crm = json(get("/actuator/health/crm"));
        assertThat(crm.path("status").asText()).isEqualTo("UNKNOWN");
        assertThat(crm.path("details").path("configured").asBoolean()).isFalse();
        assertThat(crm.path("details").path("outbox").path("pending").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(json(get("/actuator/health")).path("status").asText()).isEqualTo("UP");
    }

    private int rows(String hubId, String status) {
        return jdbc.queryForObject(
                "select count(*) from crm_outbox where customer_id = ? and status = ?", Integer.class, hubId, status);
    }
}
