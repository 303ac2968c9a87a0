package io.junction.adapter.scm;

import io.junction.webhook.SignatureEncoding;
import io.junction.webhook.SignatureScheme;
import io.junction.webhook.SignatureSettings;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Objects;

/**
 * One sender of shipment webhooks (a tracking service, a carrier, a warehouse): its secret, the mapping of its
 * payloads, and how it signs them ({@code signature}: a scheme of configuration, see docs/adapters.md). Set under
 * {@code junction.scm.<provider>}; the secret comes from the environment. A provider whose payload carries no delivery
 * id names the header that does.
 */
public record ScmProvider(String secret, String mapping, String deliveryIdHeader, SignatureSettings signature)
        implements SignatureScheme {

    public ScmProvider {
        Objects.requireNonNull(signature, "junction.scm.<provider>.signature is required");
    }

    @Override
    public Kind kind() {
        return signature.scheme();
    }

    @Override
    public String signatureHeader() {
        return signature.header();
    }

    @Override
    public SignatureEncoding signatureEncoding() {
        return signature.encoding();
    }

    @Override
    public String signaturePrefix() {
        return signature.prefix();
    }

    @Override
    public String algorithm() {
        return signature.algorithm();
    }

    @Override
    public String signedContent() {
        return signature.signed();
    }

    @Override
    public String parse() {
        return signature.parse();
    }

    @Override
    public long toleranceSeconds() {
        return signature.toleranceSeconds();
    }

    @Override
    public String tokenParameter() {
        return signature.tokenParameter();
    }

    /** EasyPost's clients NFKD-normalize the webhook secret before keying the HMAC with it; so must the receiver. */
    @Override
    public String hmacKey() {
        return "NFKD".equalsIgnoreCase(signature.secretNormalization())
                ? Normalizer.normalize(secret, Normalizer.Form.NFKD)
                : secret;
    }

    public static String secretVariable(String provider) {
        return "JUNCTION_SCM_" + provider.toUpperCase(Locale.ROOT).replace('-', '_') + "_SECRET";
    }
}
