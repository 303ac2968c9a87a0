package io.junction.adapter.scm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.junction.platform.failure.ProblemException;
import io.junction.support.Signatures;
import io.junction.webhook.SignatureEncoding;
import io.junction.webhook.SignatureScheme.Kind;
import io.junction.webhook.SignatureSettings;
import io.junction.webhook.WebhookSignature;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Provider signature schemes and secrets, as the vendors document them. */
class ScmProviderTest {

    private static final byte[] BODY = "{\"description\":\"tracker.updated\"}".getBytes(StandardCharsets.UTF_8);
    private static final Instant NOW = Instant.parse("2024-07-02T08:00:00Z");
    private static final SignatureSettings SHIPPO = new SignatureSettings(
            Kind.HMAC,
            "Shippo-Auth-Signature",
            null,
            SignatureEncoding.HEX,
            null,
            "{t}.{body}",
            "t=(?<t>[0-9]+),v1=(?<sig>[0-9a-fA-F]+)",
            300L,
            null,
            null);

    @Test
    void easyPostKeysTheHmacWithTheNfkdNormalizedSecret() {
        // full-width letters are what NFKD normalizes: EasyPost's clients sign with "secret" for this configured secret
        ScmProvider easypost = new ScmProvider("ｓｅｃｒｅｔ", "scm/easypost", null, hmacHex("hmac-sha256-hex=", "NFKD"));
        String expected = "hmac-sha256-hex=" + HexFormat.of().formatHex(Signatures.hmac("secret", BODY));

        assertThat(WebhookSignature.sign(BODY, easypost)).isEqualTo(expected);
        WebhookSignature.verify(BODY, expected, null, easypost, NOW);
        ScmProvider unnormalized = new ScmProvider("ｓｅｃｒｅｔ", "scm/easypost", null, hmacHex("hmac-sha256-hex=", null));
        assertThatThrownBy(() -> WebhookSignature.verify(BODY, expected, null, unnormalized, NOW))
                .isInstanceOf(ProblemException.class);
    }

    @Test
    void aTimestampedSchemeSignsTheTimestampAndTheBodyAndRefusesAStaleOrForgedOne() {
        ScmProvider shippo = new ScmProvider("shippo-secret", "scm/shippo", null, SHIPPO);
        long t = NOW.getEpochSecond() - 60;
        String valid = Signatures.shippo("shippo-secret", t, BODY);

        WebhookSignature.verify(BODY, valid, null, shippo, NOW);
        assertThat(valid)
                .isEqualTo("t=" + t + ",v1="
                        + HexFormat.of()
                                .formatHex(Signatures.hmac(
                                        "shippo-secret",
                                        (t + "." + new String(BODY, StandardCharsets.UTF_8))
                                                .getBytes(StandardCharsets.UTF_8))));
        assertRefused(shippo, valid, NOW.plusSeconds(301), "beyond the tolerance of 300 s");
        assertRefused(
                shippo,
                Signatures.shippo("shippo-secret", NOW.getEpochSecond() + 400, BODY),
                NOW,
                "beyond the tolerance");
        // the timestamp is signed: moving it forward to get past the window breaks the signature
        assertRefused(shippo, valid.replace("t=" + t, "t=" + NOW.getEpochSecond()), NOW, "does not match the body");
        assertRefused(shippo, Signatures.shippo("another-secret", t, BODY), NOW, "does not match the body");
        assertRefused(
                shippo,
                "sha256=" + HexFormat.of().formatHex(Signatures.hmac("shippo-secret", BODY)),
                NOW,
                "is not of the form");
        assertRefused(shippo, null, NOW, "missing signature header Shippo-Auth-Signature");
    }

    @Test
    void aTokenInTheUrlIsComparedWithTheSecret() {
        ScmProvider token = new ScmProvider(
                "s3cret+token",
                "scm/shippo",
                null,
                new SignatureSettings(Kind.TOKEN_IN_URL, null, null, null, null, null, null, null, "token", null));

        WebhookSignature.verify(BODY, null, "a=1&token=s3cret%2Btoken", token, NOW);
        assertThatThrownBy(() -> WebhookSignature.verify(BODY, null, "token=wrong", token, NOW))
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> WebhookSignature.verify(BODY, "s3cret+token", null, token, NOW))
                .as("a header is not the URL")
                .hasMessageContaining("missing query parameter token");
        assertThatThrownBy(() -> WebhookSignature.verify(BODY, null, "xtoken=s3cret%2Btoken", token, NOW))
                .hasMessageContaining("missing query parameter");
    }

    @Test
    void aSchemeThatCannotWorkFailsTheStart() {
        assertThatThrownBy(() -> new SignatureSettings(
                        Kind.HMAC, "X-Sig", "HmacSHA999", null, null, null, null, null, null, null))
                .hasMessageContaining("unknown signature algorithm HmacSHA999");
        assertThatThrownBy(() -> new SignatureSettings(
                        Kind.HMAC, "X-Sig", null, null, null, "{t}.{body}", "(?<sig>.+)", 300L, null, null))
                .hasMessageContaining("needs a group (?<t>...)");
        assertThatThrownBy(() -> new SignatureSettings(
                        Kind.HMAC, "X-Sig", null, null, null, null, "v1=(?<x>.+)", null, null, null))
                .hasMessageContaining("parse needs a group (?<sig>...)");
        assertThatThrownBy(() -> new SignatureSettings(Kind.HMAC, null, null, null, null, null, null, null, null, null))
                .hasMessageContaining("needs a header");
    }

    @Test
    void theProdProfileRefusesTheDevelopmentSecretAndEveryProfileAMissingOne() {
        ScmProvider dev = new ScmProvider(Signatures.DEV_SECRET, "scm/aftership", null, hmacHex("", null));
        ScmProvider none = new ScmProvider("", "scm/aftership", null, hmacHex("", null));

        new ScmProperties(Map.of("aftership", dev)).checkSecrets(false);
        assertThatThrownBy(() -> new ScmProperties(Map.of("aftership", dev)).checkSecrets(true))
                .hasMessageContaining("JUNCTION_SCM_AFTERSHIP_SECRET");
        assertThatThrownBy(() -> new ScmProperties(Map.of("aftership", none)).checkSecrets(false))
                .hasMessageContaining("no webhook secret for SCM provider 'aftership'");
    }

    private static SignatureSettings hmacHex(String prefix, String normalization) {
        return new SignatureSettings(
                Kind.HMAC,
                "X-Hmac-Signature",
                null,
                SignatureEncoding.HEX,
                prefix,
                null,
                null,
                null,
                null,
                normalization);
    }

    private static void assertRefused(ScmProvider provider, String header, Instant now, String reason) {
        assertThatThrownBy(() -> WebhookSignature.verify(BODY, header, null, provider, now))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageContaining(reason);
    }
}
