package io.junction.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Variations of the realistic Shopify order fixture, each with its own order, customer and webhook ids. */
public final class ShopifyOrders {

    private static final AtomicLong IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L * 1000);

    public final long orderId;
    public final long customerId;
    public final String email;
    private final String surname;

    public ShopifyOrders() {
        this.orderId = IDS.incrementAndGet();
        this.customerId = IDS.incrementAndGet();
        this.email = "buyer-" + orderId + "@example.com";
        this.surname = "Buyer" + orderId;
    }

    private ShopifyOrders(ShopifyOrders buyer) {
        this.orderId = IDS.incrementAndGet();
        this.customerId = buyer.customerId;
        this.email = buyer.email;
        this.surname = buyer.surname;
    }

    /** Another order of the same buyer. */
    public ShopifyOrders nextOrder() {
        return new ShopifyOrders(this);
    }

    /** customers/update of this buyer as of the given time, with a new first name. */
    public Fixture customerUpdated(String at, String firstName) {
        Fixture base = Fixture.storefront("shopify", "05-customer-updated");
        ObjectNode body = buyersCopy(base, customerId, at);
        body.put("first_name", firstName);
        body.put("last_name", surname);
        body.remove("phone");
        body.remove("default_address");
        body.remove("addresses");
        return base.with(Map.of("X-Shopify-Webhook-Id", UUID.randomUUID().toString()), body);
    }

    /** orders/create as of the given time. */
    public Fixture created(String at) {
        return variant("orders/create", at, null, null);
    }

    /** orders/updated as of the given time, with Shopify's fulfillment status (e.g. "fulfilled" → SHIPPED). */
    public Fixture updated(String at, String fulfillmentStatus) {
        return variant("orders/updated", at, fulfillmentStatus, null);
    }

    public Fixture cancelled(String at) {
        return variant("orders/cancelled", at, null, at);
    }

    /**
     * This buyer's order in a WooCommerce shop whose payment failed (order.created, status "failed"), as of the given
     * UTC time: the buyer's e-mail and surname, no phone, so it joins this buyer and no one else.
     */
    public Fixture wooCommerceFailedPayment(String at) {
        Fixture base = Fixture.storefront("woocommerce", "01-order-created");
        ObjectNode body = base.bodyCopy();
        String gmt = at.replace("Z", ""); // WooCommerce's *_gmt times carry no zone
        body.put("id", orderId);
        body.put("status", "failed");
        body.put("customer_id", customerId);
        body.put("date_created_gmt", gmt);
        body.put("date_modified_gmt", gmt);
        body.putNull("date_paid_gmt");
        for (ObjectNode address : new ObjectNode[] {body.withObject("billing"), body.withObject("shipping")}) {
            address.remove("phone");
            address.put("last_name", surname);
        }
        body.withObject("billing").put("email", email);
        return base.with(Map.of("X-WC-Webhook-Delivery-ID", UUID.randomUUID().toString()), body);
    }

    /**
     * Shopify's fulfillments/create (or /update) of this order: the fulfillment fixture of mappings/scm/ with this
     * order's id, the given fulfillment id, tracking number, shipment status (null: none yet) and time, a new webhook id.
     */
    public Fixture fulfillment(String topic, long fulfillmentId, String tracking, String shipmentStatus, String at) {
        Fixture base = Fixture.inFolder("shopify", Path.of("mappings", "scm", "shopify-fulfillments.fixtures"))
                .get(0);
        ObjectNode body = base.bodyCopy();
        body.put("id", fulfillmentId);
        body.put("order_id", orderId);
        body.put("tracking_number", tracking);
        body.putArray("tracking_numbers").add(tracking);
        body.put("shipment_status", shipmentStatus);
        body.put("updated_at", at);
        return base.with(
                Map.of(
                        "X-Shopify-Topic",
                        topic,
                        "X-Shopify-Webhook-Id",
                        UUID.randomUUID().toString()),
                body);
    }

    /** orders/fulfilled as of the given time, its fulfillments[] one fulfillment with this tracking number. */
    public Fixture fulfilled(String at, long fulfillmentId, String tracking) {
        Fixture order = variant("orders/fulfilled", at, "fulfilled", null);
        ObjectNode body = order.bodyCopy();
        ObjectNode fulfillment = fulfillment("fulfillments/create", fulfillmentId, tracking, null, at)
                .bodyCopy();
        body.putArray("fulfillments").add(fulfillment);
        return order.with(Map.of(), body);
    }

    /** A copy of a fixture's body with this buyer's e-mail, the given id, as of the given time. */
    private ObjectNode buyersCopy(Fixture base, long id, String at) {
        ObjectNode body = base.bodyCopy();
        body.put("id", id);
        body.put("email", email);
        body.put("updated_at", at);
        return body;
    }

    private Fixture variant(String topic, String at, String fulfillmentStatus, String cancelledAt) {
        Fixture base = Fixture.storefront("shopify", "01-order-created");
        ObjectNode body = buyersCopy(base, orderId, at);
        body.put("contact_email", email);
        body.put("fulfillment_status", fulfillmentStatus);
        body.put("cancelled_at", cancelledAt);
        if (cancelledAt != null) {
            body.put("cancel_reason", "customer");
        }
        ObjectNode customer = (ObjectNode) body.get("customer");
        customer.put("id", customerId);
        customer.put("email", email);
        customer.put("last_name", surname);
        customer.remove("phone");
        body.remove("phone");
        // no shared phone, name or address with the fixture's shopper: this buyer must not match her
        for (ObjectNode address : new ObjectNode[] {
            customer.withObject("default_address"),
            body.withObject("billing_address"),
            body.withObject("shipping_address")
        }) {
            address.remove("phone");
            address.put("last_name", surname);
        }
        return base.with(
                Map.of(
                        "X-Shopify-Topic",
                        topic,
                        "X-Shopify-Webhook-Id",
                        UUID.randomUUID().toString()),
                body);
    }
}
