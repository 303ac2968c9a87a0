package io.junction.view.customer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.support.Fixture;
import io.junction.support.HubTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** One person, one record: matched by source id, then e-mail, then phone, then name and postal address. */
class CustomerMatchingTest extends HubTest {

    private static final Fixture CUSTOMER = Fixture.storefront("generic", "04-customer-created");

    @Test
    void aChangedIdFromTheSameShopStillFindsThePersonByEmail() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String email = "changed-" + tag + "@example.com";

        deliver(customer(tag + "-old", email, null, "Ann", "Lee-" + tag, "1 Elm St"));
        deliver(customer(tag + "-new", email.toUpperCase(), null, "Ann", "Lee-" + tag, "1 Elm St"));

        JsonNode customer = awaitCustomer(
                email, c -> c.path("externalIds").path("acme-shop").size() == 2);
        assertThat(customer.path("externalIds").path("acme-shop"))
                .extracting(JsonNode::asText)
                .containsExactly(tag + "-old", tag + "-new");
        JsonNode byHubId =
                json(getAs(VIEWER, "/api/customers/" + customer.path("id").asText()));
        assertThat(byHubId.path("email").asText()).isEqualTo(email);
    }

    @Test
    void withoutEmailOrPhoneInCommonTheSameNameAndAddressIsTheSamePerson() {
        String tag = UUID.randomUUID().toString().substring(0, 8);

        deliver(customer(tag + "-a", "home-" + tag + "@example.com", null, "Bo", "Diaz-" + tag, "22 Harbour Road"));
        deliver(customer(tag + "-b", "work-" + tag + "@example.com", null, "bo", "DIAZ-" + tag, "22, Harbour road"));

        JsonNode customer = awaitCustomer(
                "home-" + tag + "@example.com",
                c -> c.path("externalIds").path("acme-shop").size() == 2);
        assertThat(json(getAs(VIEWER, "/api/customers?system=acme-shop&sourceId=" + tag + "-b"))
                        .path("id")
                        .asText())
                .isEqualTo(customer.path("id").asText());
    }

    @Test
    void aSharedPhoneIsTheSamePersonAndDifferentPeopleStayApart() {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String phone = "+1 212 555 " + String.format("%04d", Math.abs(tag.hashCode()) % 10000);

        deliver(customer(tag + "-p1", "p1-" + tag + "@example.com", phone, "Cy", "Ng-" + tag, "5 Oak Ave"));
        deliver(customer(tag + "-p2", "p2-" + tag + "@example.com", phone, "Cy", "Ng-" + tag, "9 Other St"));
        deliver(customer(tag + "-x", "x-" + tag + "@example.com", null, "Someone", "Else-" + tag, "5 Oak Ave"));

        JsonNode cy = awaitCustomer(
                "p1-" + tag + "@example.com",
                c -> c.path("externalIds").path("acme-shop").size() == 2);
        JsonNode other = awaitCustomer("x-" + tag + "@example.com", c -> true);
        assertThat(other.path("id").asText()).isNotEqualTo(cy.path("id").asText());
    }

    private Fixture customer(String id, String email, String phone, String first, String last, String line1) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", id).put("email", email).put("firstName", first).put("lastName", last);
        if (phone != null) {
            body.put("phone", phone);
        }
        body.putObject("address")
                .put("line1", line1)
                .put("city", "Springfield")
                .put("postalCode", "62701")
                .put("country", "US");
        return CUSTOMER.with(Map.of("X-Junction-Delivery-Id", UUID.randomUUID().toString()), body);
    }
}
