package io.junction.canonical;

import java.time.OffsetDateTime;

/**
 * One tracking event of a shipment: when, the source's own code (kept raw), the canonical status it means, and
 * whether the code was in the status table at all (an unknown code is flagged, never dropped).
 */
public record Checkpoint(
        OffsetDateTime time, String code, ShipmentStatus status, boolean known, String message, String location) {}
