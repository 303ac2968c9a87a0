package io.junction.webhook;

import io.junction.webhook.SignatureScheme.Kind;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;
import javax.crypto.Mac;

/**
 * A signature scheme as configuration ({@code signature:} of a sender): which {@link Kind}, and for an HMAC its header,
 * algorithm, encoding, prefix, signed content, how the header is parsed and the replay window. Checked when the hub
 * starts, so a typo fails the start rather than every request.
 */
public record SignatureSettings(
        Kind scheme,
        String header,
        String algorithm,
        SignatureEncoding encoding,
        String prefix,
        String signed,
        String parse,
        Long toleranceSeconds,
        String tokenParameter,
        String secretNormalization) {

    public SignatureSettings {
        scheme = scheme == null ? Kind.HMAC : scheme;
        algorithm = algorithm == null ? "HmacSHA256" : algorithm;
        encoding = encoding == null ? SignatureEncoding.BASE64 : encoding;
        prefix = prefix == null ? "" : prefix;
        signed = signed == null ? "{body}" : signed;
        toleranceSeconds = toleranceSeconds == null ? Long.valueOf(0) : toleranceSeconds;
        tokenParameter = tokenParameter == null ? "token" : tokenParameter;
        if (scheme == Kind.HMAC) {
            check(header != null && !header.isBlank(), "an hmac signature needs a header");
            try {
                Mac.getInstance(algorithm);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalArgumentException("unknown signature algorithm " + algorithm, e);
            }
            check(
                    parse == null || Pattern.compile(parse).pattern().contains("(?<sig>"),
                    "parse needs a group (?<sig>...)");
            check(
                    !signed.contains("{t}") || (parse != null && parse.contains("(?<t>")),
                    "signed content with {t} needs a group (?<t>...) in parse");
            check(toleranceSeconds == 0 || signed.contains("{t}"), "tolerance-seconds needs a signed timestamp {t}");
        }
    }

    private static void check(boolean ok, String problem) {
        if (!ok) {
            throw new IllegalArgumentException("signature: " + problem);
        }
    }
}
