package io.junction.canonical;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Puts contact data in the one form matching relies on: e-mail trimmed and lower-cased, phone in E.164.
 * A phone that cannot be read as a real number is dropped rather than stored in a form nothing can match.
 */
@Component
public class ContactNormalizer {

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();
    private final String defaultRegion;

    public ContactNormalizer(@Value("${junction.customer-view.default-phone-region:US}") String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    public Customer normalize(Customer customer) {
        if (customer == null) {
            return null;
        }
        String region = customer.address() != null && customer.address().country() != null
                ? customer.address().country()
                : defaultRegion;
        return customer.withContact(email(customer.email()), phone(customer.phone(), region));
    }

    public static String email(String email) {
        if (email == null || email.isBlank()) {
            return null;
        }
        return email.trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Normalizes every "email" field of mapped canonical data in place, before validation: a loosely written address
     * (" Alice@Example.COM ") is the same address, and must not be refused as invalid; a blank one becomes null.
     */
    public static JsonNode normalizeEmails(JsonNode data) {
        if (data instanceof ObjectNode object) {
            JsonNode email = object.get("email");
            if (email != null && email.isTextual()) {
                object.put("email", email(email.asText()));
            }
        }
        if (data != null && data.isContainerNode()) {
            data.forEach(ContactNormalizer::normalizeEmails);
        }
        return data;
    }

    public String phone(String phone, String region) {
        if (phone == null || phone.isBlank()) {
            return null;
        }
        try {
            Phonenumber.PhoneNumber number = phones.parse(phone, region);
            return phones.isValidNumber(number) ? phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164) : null;
        } catch (NumberParseException e) {
            return null;
        }
    }
}
