package io.junction.customer;

import io.junction.canonical.Customer;
import io.junction.canonical.EventType;
import io.junction.canonical.Order;
import io.junction.canonical.OrderStatus;
import io.junction.canonical.PaymentStatus;
import io.junction.canonical.Shipment;

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

    /**
     * An order was created ({@code previous} null) or its status moved from {@code previous} to {@code status}: every
     * move, whatever caused it (an order event, or a shipment's delivery).
     */
    void orderChanged(String customerId, String orderId, Order order, OrderStatus previous, OrderStatus status, String eventId);

    /** An order's payment status moved from {@code previous} (null for a new order) to {@code order.paymentStatus()}. */
    default void paymentChanged(String customerId, String orderId, Order order, PaymentStatus previous, String eventId) {
    }

    /** A shipment event about an order the view holds ({@code shipment.updated}, {@code .delayed}, {@code .exception}, {@code .delivered}). */
    default void shipmentEvent(String customerId, String orderId, EventType type, Shipment shipment, String eventId) {
    }
}
