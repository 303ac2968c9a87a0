package io.junction.view.customer;

import io.junction.canonical.Customer;
import io.junction.canonical.EventType;
import io.junction.canonical.Order;
import io.junction.canonical.OrderStatus;
import io.junction.canonical.PaymentStatus;
import io.junction.canonical.Shipment;
import io.junction.platform.bus.EventCause;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * A change the customer view made while applying a batch. The batch's changes, in the order they were made, are the
 * body of the customer view's fan-out (routes/customer-view.camel.yaml): intelligence, CRM sync and service rules each
 * read the list inside the batch's database transaction, so what they write commits or rolls back with the change.
 * Each change keeps its {@code cause}, the event being applied when it was made ({@link EventCause}), so the rows a
 * branch writes for it name that event, as if written while the event was applied.
 */
public sealed interface CustomerChange {

    /** The id of the event whose applying made this change. */
    String cause();

    /** Runs {@code step} for each change in order, each with its cause (if it has one) bound. */
    static void forEach(List<CustomerChange> changes, EventCause.Step<CustomerChange> step) throws Exception {
        EventCause.forEach(changes, CustomerChange::cause, step);
    }

    /**
     * A source's report (as of {@code at}) was merged into a golden record. {@code before} is empty for a new person;
     * {@code newLink} says the report's source id was linked to the record for the first time (a merge).
     */
    record CustomerMerged(
            Optional<GoldenCustomer> before,
            GoldenCustomer after,
            Customer reported,
            OffsetDateTime at,
            boolean newLink,
            String cause)
            implements CustomerChange {

        public CustomerMerged(
                Optional<GoldenCustomer> before,
                GoldenCustomer after,
                Customer reported,
                OffsetDateTime at,
                boolean newLink) {
            this(before, after, reported, at, newLink, EventCause.current());
        }
    }

    /**
     * An order was created ({@code previous} null) or its status moved from {@code previous} to {@code status}: every
     * move, whatever caused it (an order event, or a shipment's delivery).
     */
    record OrderChanged(
            String customerId,
            String orderId,
            Order order,
            OrderStatus previous,
            OrderStatus status,
            String eventId,
            String cause)
            implements CustomerChange {

        public OrderChanged(
                String customerId,
                String orderId,
                Order order,
                OrderStatus previous,
                OrderStatus status,
                String eventId) {
            this(customerId, orderId, order, previous, status, eventId, EventCause.current());
        }
    }

    /** An order's payment status moved from {@code previous} (null for a new order) to {@code order.paymentStatus()}. */
    record PaymentChanged(
            String customerId, String orderId, Order order, PaymentStatus previous, String eventId, String cause)
            implements CustomerChange {

        public PaymentChanged(String customerId, String orderId, Order order, PaymentStatus previous, String eventId) {
            this(customerId, orderId, order, previous, eventId, EventCause.current());
        }
    }

    /** A shipment event about an order the view holds ({@code shipment.updated}, {@code .delayed}, {@code .exception}, {@code .delivered}). */
    record ShipmentReported(
            String customerId, String orderId, EventType type, Shipment shipment, String eventId, String cause)
            implements CustomerChange {

        public ShipmentReported(String customerId, String orderId, EventType type, Shipment shipment, String eventId) {
            this(customerId, orderId, type, shipment, eventId, EventCause.current());
        }
    }
}
