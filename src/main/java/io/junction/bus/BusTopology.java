package io.junction.bus;

import java.util.List;

/**
 * Junction's addresses and queues on Artemis: one multicast address per canonical event family, one durable queue per
 * consumer on it, a dead-letter queue per consumer queue, and a backstop dead-letter address for messages the
 * broker itself gives up on. config/broker.xml declares the same topology for the standalone broker
 * (BusTopologyTest keeps them in step).
 */
public final class BusTopology {

    public static final String ADDRESS_PREFIX = "junction.";
    public static final List<String> FAMILIES = List.of("order", "customer", "shipment", "inventory", "service");
    public static final String BACKSTOP_DLA = "junction.dla";

    /** The hub database's one order consumer: the customer view and the shipments' links to orders. */
    public static final ConsumerQueue ORDER_CUSTOMER_VIEW = new ConsumerQueue("order", "customer-view");
    public static final ConsumerQueue CUSTOMER_CUSTOMER_VIEW = new ConsumerQueue("customer", "customer-view");
    public static final ConsumerQueue ORDER_ERP = new ConsumerQueue("order", "erp");
    public static final ConsumerQueue INVENTORY_STOREFRONT_STOCK = new ConsumerQueue("inventory", "storefront-stock");
    public static final ConsumerQueue SHIPMENT_CUSTOMER_VIEW = new ConsumerQueue("shipment", "customer-view");
    /** Shipments of orders from EDI trading partners: their ship notices (edi/ShipNotices). */
    public static final ConsumerQueue SHIPMENT_EDI = new ConsumerQueue("shipment", "edi");
    /** notification.failed from the e-mail/SMS senders: a callback case (service/ContactFailures). */
    public static final ConsumerQueue SERVICE_SERVICE_DESK = new ConsumerQueue("service", "service-desk");
    /** notification.requested for the e-mail sender (notification/EmailChannel). */
    public static final ConsumerQueue SERVICE_EMAIL = new ConsumerQueue("service", "email");
    /** notification.requested for the webhook sender, SMS by default (notification/WebhookChannel). */
    public static final ConsumerQueue SERVICE_WEBHOOK = new ConsumerQueue("service", "webhook");
    public static final List<ConsumerQueue> CONSUMER_QUEUES =
            List.of(ORDER_CUSTOMER_VIEW, CUSTOMER_CUSTOMER_VIEW, ORDER_ERP, INVENTORY_STOREFRONT_STOCK, SHIPMENT_CUSTOMER_VIEW,
                    SERVICE_SERVICE_DESK, SHIPMENT_EDI, SERVICE_EMAIL, SERVICE_WEBHOOK);
    /** Dead letters of the feeds the hub polls (rows it could not turn into events), one queue per feed. */
    public static final String ERP_STATUS_DLQ = deadLetterQueueOf("junction.erp.order-status");
    public static final List<String> FEED_DEAD_LETTER_QUEUES = List.of(ERP_STATUS_DLQ);

    private BusTopology() {
    }

    public static String address(String family) {
        return ADDRESS_PREFIX + family;
    }

    /** A consumer's own durable copy of a family's events. Queue names are broker-wide, so they carry the family. */
    public record ConsumerQueue(String family, String consumer) {

        public String address() {
            return BusTopology.address(family);
        }

        public String name() {
            return address() + "." + consumer;
        }

        /** The fully qualified queue name a JMS consumer uses: address::queue. */
        public String fqqn() {
            return address() + "::" + name();
        }

        public String deadLetterQueue() {
            return deadLetterQueueOf(name());
        }
    }

    public static String deadLetterQueueOf(String queueName) {
        return "DLQ." + queueName;
    }
}
