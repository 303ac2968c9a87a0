package io.junction.service.cases;

import java.time.OffsetDateTime;

/** A service case as the API, the events (case.schema.json) and the CRM task mapping show it. */
public record ServiceCase(
        String id,
        String customerId,
        String type,
        String reference,
        String rule,
        String title,
        String detail,
        Status status,
        int priority,
        ServiceTier tier,
        OffsetDateTime dueAt,
        int escalationLevel,
        int occurrences,
        String assignee,
        String resolution,
        OffsetDateTime createdAt,
        OffsetDateTime updatedAt,
        Complaint complaint) {

    /**
     * OPEN → ASSIGNED (in progress) → RESOLVED → CLOSED; OPEN and ASSIGNED are open (a repeated problem updates the
     * case). A complaint closes with its follow-up, and an unsatisfied follow-up opens it again.
     */
    public enum Status {
        OPEN,
        ASSIGNED,
        RESOLVED,
        CLOSED
    }

    /** The case type of complaints logged through POST /api/cases. */
    public static final String COMPLAINT = "COMPLAINT";

    /**
     * A complaint's intake and follow-up: its category, the channel it came by, the order it is about (as the customer
     * named it), when the follow-up is due (set on resolution), and the follow-up's outcome.
     */
    public record Complaint(
            String category, String channel, String orderRef, OffsetDateTime followUpDueAt, String followUpOutcome) {}
}
