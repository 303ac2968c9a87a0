package io.junction.view.intelligence;

/**
 * A change of a customer's profile, announced inside the transaction that stores it (direct:profile-changed in
 * routes/customer-view.camel.yaml). {@code before} is {@link Profile#none()} for a customer seen for the first time;
 * {@code origin} is what caused the change: {@code order} (an order moved), {@code recompute} (the full job),
 * {@code api} (an operator) or the system that reported it (the CRM's blacklist flag).
 */
public record ProfileChange(String customerId, Profile before, Profile after, String origin) {}
