package io.junction.scm;

import io.junction.failure.ProblemException;
import io.junction.storefront.StorefrontDialect.SignatureEncoding;
import io.junction.storefront.WebhookSignature;
import io.junction.support.Signatures;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Provider signature schemes and secrets, as the vendors document them. */
class ScmProviderTest {

    private static final byte[] BODY = "{\"description\":\"tracker.updated\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void easyPostKeysTheHmacWithTheNfkdNormalizedSecret() {
        // full-width letters are what NFKD normalizes: EasyPost's clients sign with "secret" for this configured secret
        ScmProvider easypost = new ScmProvider("ｓｅｃｒｅｔ", "scm/easypost", "X-Hmac-Signature", SignatureEncoding.HEX,
                "hmac-sha256-hex=", null, "NFKD");
        String expected = "hmac-sha256-hex=" + HexFormat.of().formatHex(Signatures.hmac("secret", BODY));

        assertThat(WebhookSignature.sign(BODY, easypost)).isEqualTo(expected);
        WebhookSignature.verify(BODY, expected, easypost);
        ScmProvider unnormalized = new ScmProvider("ｓｅｃｒｅｔ", "scm/easypost", "X-Hmac-Signature", SignatureEncoding.HEX,
                "hmac-sha256-hex=", null, null);
        assertThatThrownBy(() -> WebhookSignature.verify(BODY, expected, unnormalized)).isInstanceOf(ProblemException.class);
    }

    @Test
    void theProdProfileRefusesTheDevelopmentSecretAndEveryProfileAMissingOne() {
        ScmProvider dev = new ScmProvider(Signatures.DEV_SECRET, "scm/aftership", "aftership-hmac-sha256", null, null, null, null);
        ScmProvider none = new ScmProvider("", "scm/aftership", "aftership-hmac-sha256", null, null, null, null);

        new ScmProperties(Map.of("aftership", dev)).checkSecrets(false);
        assertThatThrownBy(() -> new ScmProperties(Map.of("aftership", dev)).checkSecrets(true))
                .hasMessageContaining("JUNCTION_SCM_AFTERSHIP_SECRET");
        assertThatThrownBy(() -> new ScmProperties(Map.of("aftership", none)).checkSecrets(false))
                .hasMessageContaining("no webhook secret for SCM provider 'aftership'");
    }
}
