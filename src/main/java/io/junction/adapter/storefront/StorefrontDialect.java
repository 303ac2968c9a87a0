package io.junction.adapter.storefront;

import io.junction.webhook.SignatureEncoding;
import io.junction.webhook.SignatureScheme;
import java.util.Locale;

/**
 * How one storefront dialect delivers webhooks: which headers carry the topic, the delivery id and the signature,
 * how the signature is encoded, which mapping turns its payloads into canonical events, what a delivery's event id
 * is derived from, whether the storefront pings a new webhook with an unsigned form post, and which SCM mapping
 * (if any) finds shipments in its webhooks (Shopify's fulfillments).
 * Set under {@code junction.storefront.<dialect>} (config/application.yml); the secret comes from the environment.
 */
public record StorefrontDialect(
        String secret,
        String mapping,
        String topicHeader,
        String deliveryIdHeader,
        String signatureHeader,
        SignatureEncoding signatureEncoding,
        String signaturePrefix,
        EventIdentity eventId,
        String pingField,
        String shipmentMapping)
        implements SignatureScheme {

    /**
     * What makes two deliveries the same event. DELIVERY: the delivery-id header, for storefronts that repeat it on a
     * retry. CONTENT: the canonical data the delivery maps to (source ids, modification time and every mapped field),
     * for storefronts that send a new delivery id with each retry of the same delivery.
     */
    public enum EventIdentity {
        DELIVERY,
        CONTENT
    }

    public StorefrontDialect {
        signatureEncoding = signatureEncoding == null ? SignatureEncoding.BASE64 : signatureEncoding;
        signaturePrefix = signaturePrefix == null ? "" : signaturePrefix;
        eventId = eventId == null ? EventIdentity.DELIVERY : eventId;
    }

    /** The environment variable operators set the secret with. */
    public static String secretVariable(String dialect) {
        return "JUNCTION_STOREFRONT_" + dialect.toUpperCase(Locale.ROOT).replace('-', '_') + "_SECRET";
    }
}
