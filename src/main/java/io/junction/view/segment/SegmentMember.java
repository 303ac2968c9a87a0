package io.junction.view.segment;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** One customer of a segment, as the listing and the export show them: contact, consent, value and stage. */
public record SegmentMember(
        String id,
        String email,
        String phone,
        String firstName,
        String lastName,
        Boolean marketingOptIn,
        String preferredChannel,
        String tier,
        String stage,
        BigDecimal lifetimeValue,
        int orderCount,
        OffsetDateTime lastOrderAt) {}
