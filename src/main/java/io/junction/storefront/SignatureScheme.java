package io.junction.storefront;

import io.junction.storefront.StorefrontDialect.SignatureEncoding;

/**
 * How a webhook sender signs its requests: an HMAC-SHA256 of the raw body under a shared secret, written into one
 * header in one encoding, maybe behind a prefix. Storefront dialects and carrier providers each describe theirs.
 */
public interface SignatureScheme {

    String secret();

    String signatureHeader();

    SignatureEncoding signatureEncoding();

    String signaturePrefix();

    /** The HMAC key: the secret as configured, unless a sender documents a normalization of it. */
    default String hmacKey() {
        return secret();
    }
}
