package io.junction.webhook;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.junction.platform.failure.ProblemException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The storefront translator's 400 before it parses: the body must start a JSON object (RFC 8259: UTF-8). */
class WebhookRequestsTest {

    @ParameterizedTest
    @ValueSource(strings = {"{}", "  \r\n\t{\"a\": 1}", "\uFEFF{\"a\": 1}", "{ malformed: later the translator's 400"})
    void aBodyStartingAnObjectGoesOnToTheTranslator(String body) {
        assertThatCode(() -> WebhookRequests.requireObjectStart(body.getBytes(StandardCharsets.UTF_8)))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "[{}]", "\"{}\"", "null", "42", "\uFEFF"})
    void anythingElseIsA400(String body) {
        assertThatThrownBy(() -> WebhookRequests.requireObjectStart(body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ProblemException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.status()).isEqualTo(400);
                    org.assertj.core.api.Assertions.assertThat(e.getMessage()).isEqualTo("body must be a JSON object");
                });
    }
}
