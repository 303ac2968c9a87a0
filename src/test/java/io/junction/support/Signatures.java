package io.junction.support;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Signs webhooks the way the vendors document it, written independently of the hub's own verifier so that a
 * mistake in one does not hide in the other.
 */
public final class Signatures {

    public static final String DEV_SECRET = "junction-dev-secret";

    private Signatures() {
    }

    /**
     * The signature header and its value for a dialect: Shopify, WooCommerce and AfterShip base64, EasyPost
     * "hmac-sha256-hex=" + hex, Junction's generic formats "sha256=" + hex.
     */
    public static String[] header(String dialect, byte[] body) {
        return header(dialect, body, DEV_SECRET);
    }

    /** As {@link #header(String, byte[])}, with the given secret (a hub in the prod profile refuses the development one). */
    public static String[] header(String dialect, byte[] body, String secret) {
        byte[] mac = hmac(secret, body);
        return switch (dialect) {
            case "shopify" -> new String[] {"X-Shopify-Hmac-Sha256", Base64.getEncoder().encodeToString(mac)};
            case "woocommerce" -> new String[] {"X-WC-Webhook-Signature", Base64.getEncoder().encodeToString(mac)};
            case "generic", "asn", "crm" -> new String[] {"X-Junction-Signature", "sha256=" + HexFormat.of().formatHex(mac)};
            case "aftership" -> new String[] {"aftership-hmac-sha256", Base64.getEncoder().encodeToString(mac)};
            case "easypost" -> new String[] {"X-Hmac-Signature", "hmac-sha256-hex=" + HexFormat.of().formatHex(mac)};
            default -> throw new IllegalArgumentException(dialect);
        };
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
