package io.junction.webhook;

import io.junction.platform.failure.ProblemException;
import io.junction.webhook.SignatureScheme.Kind;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a webhook's signature under its sender's {@link SignatureScheme}: an HMAC of the raw body (Shopify,
 * WooCommerce, AfterShip, EasyPost, Junction's generic formats), an HMAC of a timestamp and the body with a replay
 * window (Shippo's {@code t=…,v1=…}), or a token in the webhook's URL. Every refusal is a 401 naming the reason.
 */
public final class WebhookSignature {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(t|body)}");
    /** The schemes' header patterns, compiled once (they come from configuration, so there are a handful). */
    private static final java.util.Map<String, Pattern> HEADER_PATTERNS =
            new java.util.concurrent.ConcurrentHashMap<>();
    /**
     * One Mac keyed per algorithm and secret, cloned for each body: finding the provider and keying a new Mac on every
     * webhook cost more than the HMAC of a 10 kB body. A Mac is not thread-safe; each clone is its caller's own.
     */
    private static final Map<MacKey, Mac> KEYED = new ConcurrentHashMap<>();

    private record MacKey(String algorithm, String secret) {}

    private WebhookSignature() {}

    /** The signature header's value for a body, as the sender writes it (timestamped schemes: use the other sign). */
    public static String sign(byte[] body, SignatureScheme scheme) {
        return sign(body, null, scheme);
    }

    /** The signature (without the header's structure) of a body and, for a template that signs one, a timestamp. */
    public static String sign(byte[] body, String timestamp, SignatureScheme scheme) {
        byte[] mac = mac(scheme, content(scheme.signedContent(), body, timestamp));
        String encoded = scheme.signatureEncoding() == SignatureEncoding.HEX
                ? HexFormat.of().formatHex(mac)
                : Base64.getEncoder().encodeToString(mac);
        return scheme.signaturePrefix() + encoded;
    }

    /**
     * Throws 401 unless the request is authentic: {@code header} is the signature header's value, {@code query} the
     * raw query string of the URL, {@code now} the time a signed timestamp is compared with.
     */
    public static void verify(byte[] body, String header, String query, SignatureScheme scheme, Instant now) {
        if (scheme.kind() == Kind.TOKEN_IN_URL) {
            verifyToken(query, scheme);
            return;
        }
        if (header == null || header.isBlank()) {
            throw unauthorized("missing signature header " + scheme.signatureHeader());
        }
        String provided = header.trim();
        String timestamp = null;
        if (scheme.parse() != null) {
            Matcher parts = HEADER_PATTERNS
                    .computeIfAbsent(scheme.parse(), Pattern::compile)
                    .matcher(provided);
            if (!parts.matches()) {
                throw unauthorized(
                        "signature header " + scheme.signatureHeader() + " is not of the form " + scheme.parse());
            }
            provided = parts.group("sig");
            timestamp = scheme.signedContent().contains("{t}") ? parts.group("t") : null;
        }
        byte[] expected = sign(body, timestamp, scheme).getBytes(StandardCharsets.UTF_8);
        // constant-time comparison: response timing must not reveal how much of a forged signature was right
        if (!MessageDigest.isEqual(expected, provided.getBytes(StandardCharsets.UTF_8))) {
            throw unauthorized("signature in " + scheme.signatureHeader() + " does not match the body");
        }
        if (scheme.toleranceSeconds() > 0) {
            requireFresh(timestamp, scheme, now);
        }
    }

    /** A signed timestamp far from now is a replay of an old request (or a clock far off): refused either way. */
    private static void requireFresh(String timestamp, SignatureScheme scheme, Instant now) {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp);
        } catch (NumberFormatException e) {
            throw unauthorized(
                    "timestamp '" + timestamp + "' in " + scheme.signatureHeader() + " is not a number of seconds");
        }
        long off =
                Math.abs(Duration.between(Instant.ofEpochSecond(seconds), now).getSeconds());
        if (off > scheme.toleranceSeconds()) {
            throw unauthorized("timestamp in " + scheme.signatureHeader() + " is " + off
                    + " s from now, beyond the tolerance of " + scheme.toleranceSeconds() + " s (a replayed request?)");
        }
    }

    private static void verifyToken(String query, SignatureScheme scheme) {
        String token = queryParameter(query, scheme.tokenParameter());
        if (token == null) {
            throw unauthorized("missing query parameter " + scheme.tokenParameter() + " in the webhook URL");
        }
        if (!MessageDigest.isEqual(
                scheme.secret().getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            throw unauthorized("the " + scheme.tokenParameter() + " in the webhook URL does not match");
        }
    }

    /** The parameter's decoded value from the raw query string (not from headers, which a sender could set instead). */
    private static String queryParameter(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                try {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return "";
                }
            }
        }
        return null;
    }

    /** The signed bytes: the template with {body} as the raw bytes (never re-encoded) and {t} as the timestamp. */
    private static byte[] content(String template, byte[] body, String timestamp) {
        if ("{body}".equals(template)) {
            return body;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 32);
        Matcher m = PLACEHOLDER.matcher(template);
        int from = 0;
        while (m.find()) {
            out.writeBytes(template.substring(from, m.start()).getBytes(StandardCharsets.UTF_8));
            out.writeBytes(
                    m.group(1).equals("body") ? body : String.valueOf(timestamp).getBytes(StandardCharsets.UTF_8));
            from = m.end();
        }
        out.writeBytes(template.substring(from).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] mac(SignatureScheme scheme, byte[] content) {
        MacKey key = new MacKey(scheme.algorithm(), scheme.hmacKey());
        try {
            return ((Mac) KEYED.computeIfAbsent(key, WebhookSignature::keyed).clone()).doFinal(content);
        } catch (CloneNotSupportedException e) {
            return keyed(key).doFinal(content);
        }
    }

    private static Mac keyed(MacKey key) {
        try {
            Mac mac = Mac.getInstance(key.algorithm());
            mac.init(new SecretKeySpec(key.secret().getBytes(StandardCharsets.UTF_8), key.algorithm()));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(key.algorithm() + " unavailable", e);
        }
    }

    private static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "Unauthorized", detail);
    }
}
