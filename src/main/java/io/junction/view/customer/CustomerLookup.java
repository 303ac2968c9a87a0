package io.junction.view.customer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.canonical.ContactNormalizer;
import io.junction.canonical.FieldError;
import io.junction.platform.failure.ProblemException;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Header;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The customer view's query API: one person by hub id, source id, e-mail or phone (the agent's screen pop). */
@Component
public class CustomerLookup {

    private final CustomerStore customers;
    private final OrderStore orders;
    private final ContactNormalizer normalizer;
    private final ObjectMapper json;
    private final String phoneRegion;
    private final List<CustomerDocumentPart> parts;

    public CustomerLookup(
            CustomerStore customers,
            OrderStore orders,
            ContactNormalizer normalizer,
            ObjectMapper json,
            @Value("${junction.customer-view.default-phone-region:US}") String phoneRegion,
            List<CustomerDocumentPart> parts) {
        this.customers = customers;
        this.orders = orders;
        this.normalizer = normalizer;
        this.json = json;
        this.phoneRegion = phoneRegion;
        this.parts = List.copyOf(parts);
    }

    public String byId(@Header("id") String id) {
        return document(customers.byId(id), "no customer with id " + id);
    }

    /** Exactly one of: email, phone, or system with sourceId. */
    public String search(
            @Header("email") String email,
            @Header("phone") String phone,
            @Header("system") String system,
            @Header("sourceId") String sourceId) {
        if (email != null) {
            return document(customers.byEmail(ContactNormalizer.email(email)), "no customer with email " + email);
        }
        if (phone != null) {
            String e164 = normalizer.phone(phone, phoneRegion);
            if (e164 == null) {
                throw ProblemException.badRequest(
                        "not a phone number: " + phone, new FieldError("phone", "not a valid phone number"));
            }
            return document(customers.byPhone(e164), "no customer with phone " + e164);
        }
        if (system != null && sourceId != null) {
            return document(customers.byXref(system, sourceId), "no customer with " + system + " id " + sourceId);
        }
        throw ProblemException.badRequest(
                "say which customer: email, phone, or system and sourceId",
                new FieldError("email|phone|system+sourceId", "one of these query parameters is required"));
    }

    private String document(Optional<GoldenCustomer> found, String notFound) {
        GoldenCustomer c = found.orElseThrow(() -> ProblemException.notFound(notFound));
        CustomerDocument doc = new CustomerDocument(
                c.id(),
                c.email(),
                c.phone(),
                c.firstName(),
                c.lastName(),
                c.address(),
                c.marketingOptIn(),
                c.preferredChannel(),
                customers.externalIds(c.id()),
                c.createdAt(),
                c.updatedAt(),
                orders.forCustomer(c.id()));
        ObjectNode document = json.valueToTree(doc);
        parts.forEach(p -> p.addTo(c.id(), document));
        try {
            return json.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
