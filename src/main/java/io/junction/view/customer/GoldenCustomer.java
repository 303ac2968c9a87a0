package io.junction.view.customer;

import io.junction.canonical.Address;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.Map;

/** The hub's one record of a person, merged from every source that knows them. */
public record GoldenCustomer(
        String id,
        String email,
        String phone,
        String firstName,
        String lastName,
        Address address,
        Boolean marketingOptIn,
        String preferredChannel,
        Map<CustomerField, FieldSource> provenance,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt) {

    public static GoldenCustomer empty(String id, OffsetDateTime now) {
        return new GoldenCustomer(
                id, null, null, null, null, null, null, null, new EnumMap<>(CustomerField.class), now, now);
    }

    public GoldenCustomer with(CustomerField field, Object value, FieldSource source) {
        Map<CustomerField, FieldSource> p = new EnumMap<>(CustomerField.class);
        p.putAll(provenance);
        p.put(field, source);
        return new GoldenCustomer(
                id,
                field == CustomerField.EMAIL ? (String) value : email,
                field == CustomerField.PHONE ? (String) value : phone,
                field == CustomerField.FIRST_NAME ? (String) value : firstName,
                field == CustomerField.LAST_NAME ? (String) value : lastName,
                field == CustomerField.ADDRESS ? (Address) value : address,
                field == CustomerField.MARKETING_OPT_IN ? (Boolean) value : marketingOptIn,
                field == CustomerField.PREFERRED_CHANNEL ? (String) value : preferredChannel,
                p,
                createdAt,
                updatedAt);
    }

    public GoldenCustomer touched(OffsetDateTime now) {
        return new GoldenCustomer(
                id,
                email,
                phone,
                firstName,
                lastName,
                address,
                marketingOptIn,
                preferredChannel,
                provenance,
                createdAt,
                now);
    }

    /** Last-resort match key: name and postal address, lower-cased and stripped of punctuation. */
    public String nameAddressKey() {
        return MatchKeys.nameAddress(firstName, lastName, address);
    }
}
