package io.junction.customer;

import io.junction.canonical.Customer;
import io.junction.canonical.Order;
import io.junction.canonical.OrderStatus;

import java.time.OffsetDateTime;
import java.util.Optional;

/**
 * Hears every change the customer view makes, inside the change's own database transaction: what a listener writes
 * (an outbox row, say) commits or rolls back with the change itself.
 */
public interface CustomerViewListener {

    /**
     * A source's report (as of {@code at}) was merged into a golden record. {@code before} is empty for a new person;
     * {@code newLink} says the report's source id was linked to the record for the first time (a merge).
     */
    void customerMerged(Optional<GoldenCustomer> before, GoldenCustomer after, Customer reported, OffsetDateTime at, boolean newLink);

    /** An order was created ({@code previous} null) or its status moved from {@code previous} to {@code status}. */
    void orderChanged(String customerId, String orderId, Order order, OrderStatus previous, OrderStatus status, String eventId);
}
