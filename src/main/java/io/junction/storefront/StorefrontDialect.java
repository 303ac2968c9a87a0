package io.junction.storefront;

import java.util.Locale;

/**
 * How one storefront dialect delivers webhooks: which headers carry the topic, the delivery id and the signature,
 * how the signature is encoded, and which mapping turns its payloads into canonical events.
 * Set under {@code junction.storefront.<dialect>} (config/application.yml); the secret comes from the environment.
 */
public record StorefrontDialect(
        String secret,
        String mapping,
        String topicHeader,
        String deliveryIdHeader,
        String signatureHeader,
        SignatureEncoding signatureEncoding,
        String signaturePrefix) implements SignatureScheme {

    public enum SignatureEncoding { BASE64, HEX }

    public StorefrontDialect {
        signatureEncoding = signatureEncoding == null ? SignatureEncoding.BASE64 : signatureEncoding;
        signaturePrefix = signaturePrefix == null ? "" : signaturePrefix;
    }

    /** The environment variable operators set the secret with. */
    public static String secretVariable(String dialect) {
        return "JUNCTION_STOREFRONT_" + dialect.toUpperCase(Locale.ROOT).replace('-', '_') + "_SECRET";
    }
}
