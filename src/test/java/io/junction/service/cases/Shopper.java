package io.junction.service.cases;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.support.Fixture;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One customer of the generic storefront (mappings/storefront/generic.jslt), with their own ids, e-mail and address,
 * placing and updating orders of a chosen net value (the subtotal), as of a chosen time.
 */
final class Shopper {

    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L * 1000);

    final String customerId = "S-" + IDS.incrementAndGet();
    /** The e-mail sent, the fixture's pattern unless a test needs another. */
    String email = "shopper-" + customerId.toLowerCase() + "@example.com";

    final boolean marketingOptIn;
    /** The first name sent, if not the fixture's. */
    String firstName;

    private long clock = 0;

    Shopper(boolean marketingOptIn) {
        this.marketingOptIn = marketingOptIn;
    }

    /** A new order id of this shopper. */
    String newOrderId() {
        return "O-" + IDS.incrementAndGet();
    }

    /** order.created: {@code value} as the subtotal, placed {@code daysAgo} days ago. */
    Fixture place(String orderId, BigDecimal value, int daysAgo) {
        return order("order.created", orderId, value, "placed", "paid", daysAgo);
    }

    /** order.updated with this status and payment status (the storefront's words, e.g. "backordered", "failed"). */
    Fixture update(String orderId, BigDecimal value, String status, String payment) {
        return order("order.updated", orderId, value, status, payment, 0);
    }

    private Fixture order(String topic, String orderId, BigDecimal value, String status, String payment, int daysAgo) {
        Fixture base = Fixture.storefront("generic", "01-order-created");
        ObjectNode body = base.bodyCopy();
        body.put("orderId", orderId);
        body.put("orderNumber", "#" + orderId);
        body.put("status", status);
        body.put("paymentStatus", payment);
        body.put("currency", "usd");
        body.put("subtotal", value);
        body.put("tax", 0);
        body.put("shipping", 0);
        body.put("total", value);
        // each update a second later than the last, so none is stale
        OffsetDateTime placed =
                OffsetDateTime.now(ZoneOffset.UTC).minusDays(daysAgo).minusHours(1);
        body.put("placedAt", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(placed));
        body.put("updatedAt", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(placed.plusSeconds(++clock)));
        ObjectNode customer = body.withObject("customer");
        customer.put("id", customerId);
        customer.put("email", email);
        // no phone: matching must never join two shoppers
        customer.remove("phone");
        customer.put("lastName", "Shopper " + customerId);
        if (firstName != null) {
            customer.put("firstName", firstName);
        }
        customer.put("marketingOptIn", marketingOptIn);
        customer.withObject("address").put("line1", customerId + " Market St");
        customer.remove("updatedAt");
        return base.with(
                Map.of(
                        "X-Junction-Topic",
                        topic,
                        "X-Junction-Delivery-Id",
                        UUID.randomUUID().toString()),
                body);
    }
}
