package io.junction.storefront;

import io.junction.failure.ProblemException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HMAC-SHA256 over the raw request body, as Shopify, WooCommerce, AfterShip, EasyPost and Junction's generic formats
 * sign webhooks.
 */
public final class WebhookSignature {

    /**
     * One Mac keyed per secret, cloned for each body: finding the provider and keying a new Mac on every webhook cost
     * more than the HMAC of a 10 kB body. A Mac is not thread-safe, its clone is the caller's own.
     */
    private static final Map<String, Mac> KEYED = new ConcurrentHashMap<>();

    private WebhookSignature() {
    }

    public static String sign(byte[] body, SignatureScheme dialect) {
        byte[] mac = hmacSha256(dialect.hmacKey(), body);
        String encoded = dialect.signatureEncoding() == StorefrontDialect.SignatureEncoding.HEX
                ? HexFormat.of().formatHex(mac) : Base64.getEncoder().encodeToString(mac);
        return dialect.signaturePrefix() + encoded;
    }

    /** Throws 401 unless {@code provided} is the body's signature under the dialect's secret. */
    public static void verify(byte[] body, String provided, SignatureScheme dialect) {
        if (provided == null || provided.isBlank()) {
            throw new ProblemException(401, "Unauthorized", "missing signature header " + dialect.signatureHeader());
        }
        byte[] expected = sign(body, dialect).getBytes(StandardCharsets.UTF_8);
        // constant-time comparison: response timing must not reveal how much of a forged signature was right
        if (!MessageDigest.isEqual(expected, provided.trim().getBytes(StandardCharsets.UTF_8))) {
            throw new ProblemException(401, "Unauthorized", "signature in " + dialect.signatureHeader() + " does not match the body");
        }
    }

    private static byte[] hmacSha256(String secret, byte[] body) {
        try {
            return ((Mac) KEYED.computeIfAbsent(secret, WebhookSignature::keyed).clone()).doFinal(body);
        } catch (CloneNotSupportedException e) {
            return keyed(secret).doFinal(body);
        }
    }

    private static Mac keyed(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
