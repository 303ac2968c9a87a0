package io.junction.view.customer;

import io.junction.canonical.Address;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/** The whole customer view of one person, as the query API returns it (the agent's "screen pop"). */
public record CustomerDocument(
        String id,
        String email,
        String phone,
        String firstName,
        String lastName,
        Address address,
        Boolean marketingOptIn,
        String preferredChannel,
        Map<String, List<String>> externalIds,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        List<OrderDocument> orders) {}
