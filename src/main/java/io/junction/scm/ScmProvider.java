package io.junction.scm;

import io.junction.storefront.SignatureScheme;
import io.junction.storefront.StorefrontDialect.SignatureEncoding;

import java.text.Normalizer;
import java.util.Locale;

/**
 * One sender of shipment webhooks (a tracking service, a carrier, a warehouse): its secret, the mapping of its
 * payloads, and how it signs them. Set under {@code junction.scm.<provider>}; the secret comes from the environment.
 * A provider whose payload carries no delivery id names the header that does.
 */
public record ScmProvider(
        String secret,
        String mapping,
        String signatureHeader,
        SignatureEncoding signatureEncoding,
        String signaturePrefix,
        String deliveryIdHeader,
        String secretNormalization) implements SignatureScheme {

    public ScmProvider {
        signatureEncoding = signatureEncoding == null ? SignatureEncoding.BASE64 : signatureEncoding;
        signaturePrefix = signaturePrefix == null ? "" : signaturePrefix;
    }

    /** EasyPost's clients NFKD-normalize the webhook secret before keying the HMAC with it; so must the receiver. */
    @Override
    public String hmacKey() {
        return "NFKD".equalsIgnoreCase(secretNormalization) ? Normalizer.normalize(secret, Normalizer.Form.NFKD) : secret;
    }

    public static String secretVariable(String provider) {
        return "JUNCTION_SCM_" + provider.toUpperCase(Locale.ROOT).replace('-', '_') + "_SECRET";
    }
}
