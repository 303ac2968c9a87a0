package io.junction.service;

import java.time.OffsetDateTime;

/** A service case as the API, the events (case.schema.json) and the CRM task mapping show it. */
public record ServiceCase(String id, String customerId, String type, String reference, String rule, String title, String detail,
                          Status status, int priority, ServiceTier tier, OffsetDateTime dueAt, int escalationLevel, int occurrences,
                          String assignee, String resolution, OffsetDateTime createdAt, OffsetDateTime updatedAt) {

    /** OPEN → ASSIGNED → RESOLVED → CLOSED; OPEN and ASSIGNED are open (a repeated problem updates the case). */
    public enum Status { OPEN, ASSIGNED, RESOLVED, CLOSED }
}
