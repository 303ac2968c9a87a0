package io.junction.webhook;

/**
 * How a webhook sender proves a request is its own. {@link Kind#HMAC}: an HMAC under a shared secret of the signed
 * content (the raw body, or a template such as {@code {t}.{body}} with a timestamp taken from the header), written into
 * one header in one encoding, maybe behind a prefix, maybe inside a structured value read with {@link #parse()}.
 * {@link Kind#TOKEN_IN_URL}: the secret itself as a query parameter of the webhook's URL. Storefront dialects sign the
 * raw body (the defaults below); carrier providers describe theirs under {@code junction.scm.<provider>.signature}.
 */
public interface SignatureScheme {

    enum Kind {
        HMAC,
        TOKEN_IN_URL
    }

    /** An HMAC of the raw body under a secret, in one header: the scheme of a sender with nothing else to configure. */
    record Hmac(String secret, String signatureHeader, SignatureEncoding signatureEncoding, String signaturePrefix)
            implements SignatureScheme {}

    String secret();

    String signatureHeader();

    SignatureEncoding signatureEncoding();

    String signaturePrefix();

    /** The HMAC key: the secret as configured, unless a sender documents a normalization of it. */
    default String hmacKey() {
        return secret();
    }

    default Kind kind() {
        return Kind.HMAC;
    }

    /** A {@code javax.crypto.Mac} algorithm. */
    default String algorithm() {
        return "HmacSHA256";
    }

    /** What is signed: {@code {body}} (the raw bytes), and {@code {t}} (the timestamp group of {@link #parse()}). */
    default String signedContent() {
        return "{body}";
    }

    /** A regular expression over the header's value with a group {@code sig} (and {@code t}); null: the value is the signature. */
    default String parse() {
        return null;
    }

    /** How far a signed timestamp ({@code t}, epoch seconds) may be from now; 0: not checked. */
    default long toleranceSeconds() {
        return 0;
    }

    /** The query parameter of {@link Kind#TOKEN_IN_URL}. */
    default String tokenParameter() {
        return "token";
    }
}
