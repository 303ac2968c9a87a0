package io.junction.erp;

/**
 * Hands one order event to the ERP, the way a mode does it (staging tables, ERPNext's API): idempotent, so a
 * redelivered event has no second effect. Throws a ProblemException for an order the ERP refuses for good (dead-lettered
 * with its reason), anything else for a failure worth retrying.
 */
public interface OrderHandoff {

    /** Hands over one order event (CloudEvent JSON, as it travels on the bus); what it did, for the log. */
    String apply(String cloudEvent) throws Exception;
}
