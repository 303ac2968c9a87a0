package io.junction.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs webhooks the way the vendors document it, written independently of the hub's own verifier so that a
 * mistake in one does not hide in the other.
 */
public final class Signatures {

    public static final String DEV_SECRET = "junction-dev-secret";

    private Signatures() {}

    /**
     * The signature header and its value for a dialect: Shopify, WooCommerce and AfterShip base64, EasyPost
     * "hmac-sha256-hex=" + hex, Junction's generic formats "sha256=" + hex, Shippo "t=<now>,v1=" + hex of "t.body".
     */
    public static String[] header(String dialect, byte[] body) {
        return header(dialect, body, DEV_SECRET);
    }

    /** As {@link #header(String, byte[])}, with the given secret (a hub in the prod profile refuses the development one). */
    public static String[] header(String dialect, byte[] body, String secret) {
        byte[] mac = hmac(secret, body);
        return switch (dialect) {
            case "shopify" ->
                new String[] {"X-Shopify-Hmac-Sha256", Base64.getEncoder().encodeToString(mac)};
            case "woocommerce" ->
                new String[] {"X-WC-Webhook-Signature", Base64.getEncoder().encodeToString(mac)};
            case "generic", "asn", "crm" ->
                new String[] {"X-Junction-Signature", "sha256=" + HexFormat.of().formatHex(mac)};
            case "aftership" ->
                new String[] {"aftership-hmac-sha256", Base64.getEncoder().encodeToString(mac)};
            case "easypost" ->
                new String[] {
                    "X-Hmac-Signature", "hmac-sha256-hex=" + HexFormat.of().formatHex(mac)
                };
            case "shippo" ->
                new String[] {
                    "Shippo-Auth-Signature",
                    shippo(secret, java.time.Instant.now().getEpochSecond(), body)
                };
            default -> throw new IllegalArgumentException(dialect);
        };
    }

    /** Shippo's HMAC header: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">}. */
    public static String shippo(String secret, long t, byte[] body) {
        byte[] signed = (t + ".").getBytes(StandardCharsets.UTF_8);
        byte[] content = new byte[signed.length + body.length];
        System.arraycopy(signed, 0, content, 0, signed.length);
        System.arraycopy(body, 0, content, signed.length, body.length);
        return "t=" + t + ",v1=" + HexFormat.of().formatHex(hmac(secret, content));
    }

    public static byte[] hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
