package io.junction.canonical;

import java.time.OffsetDateTime;

/**
 * A customer as one source system reports it: the data of {@code customer.upserted} and the buyer of an order.
 * The hub's single view merges these into one golden record per person.
 */
public record Customer(
        String sourceSystem,
        String sourceCustomerId,
        String email,
        String phone,
        String firstName,
        String lastName,
        Address address,
        Boolean marketingOptIn,
        String preferredChannel,
        OffsetDateTime updatedAt,
        Boolean blacklisted) {

    /** A customer without the blacklist flag, which only the CRM (or the hub's API) reports. */
    public Customer(
            String sourceSystem,
            String sourceCustomerId,
            String email,
            String phone,
            String firstName,
            String lastName,
            Address address,
            Boolean marketingOptIn,
            String preferredChannel,
            OffsetDateTime updatedAt) {
        this(
                sourceSystem,
                sourceCustomerId,
                email,
                phone,
                firstName,
                lastName,
                address,
                marketingOptIn,
                preferredChannel,
                updatedAt,
                null);
    }

    public Customer withContact(String normalizedEmail, String normalizedPhone) {
        return new Customer(
                sourceSystem,
                sourceCustomerId,
                normalizedEmail,
                normalizedPhone,
                firstName,
                lastName,
                address,
                marketingOptIn,
                preferredChannel,
                updatedAt,
                blacklisted);
    }
}
