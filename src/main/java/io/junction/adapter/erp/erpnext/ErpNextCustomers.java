package io.junction.adapter.erp.erpnext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.Customer;
import io.junction.platform.mapping.Mappings;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The ERPNext Customer of an order's buyer: found by e-mail ({@code email_id}), else created from
 * mappings/erp/erpnext/customer.jslt. Looking up first makes it idempotent: a redelivered order finds the Customer its
 * first delivery created.
 */
@Component
public class ErpNextCustomers {

    static final String DOCTYPE = "Customer";

    private final ErpNextClient client;
    private final Mappings mappings;
    private final ObjectMapper json;

    public ErpNextCustomers(ErpNextClient client, Mappings mappings, ObjectMapper json) {
        this.client = client;
        this.mappings = mappings;
        this.json = json;
    }

    /** The name of the buyer's Customer in ERPNext, created if there is none. */
    public String ensure(Customer buyer) {
        JsonNode doc = mappings.apply("erp/erpnext/customer", json.valueToTree(buyer), Map.of());
        List<List<Object>> filter = buyer.email() != null
                ? List.of(List.of("email_id", "=", buyer.email()))
                : List.of(
                        List.of("customer_name", "=", doc.path("customer_name").asText()));
        String found = find(filter);
        if (found != null) {
            return found;
        }
        try {
            return client.insert(DOCTYPE, doc).path("name").asText();
        } catch (ErpNextException e) {
            // 409: another hub created the same Customer a moment ago; it is the one
            String raced = e.status() == 409 ? find(filter) : null;
            if (raced == null) {
                throw e;
            }
            return raced;
        }
    }

    private String find(List<List<Object>> filter) {
        return client.list(DOCTYPE, List.of("name"), filter, "creation asc", 1).stream()
                .map(c -> c.path("name").asText())
                .findFirst()
                .orElse(null);
    }
}
