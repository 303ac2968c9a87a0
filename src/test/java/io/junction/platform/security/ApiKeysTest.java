package io.junction.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** API keys come from the environment, as a value or its SHA-256; prod refuses the public development key. */
class ApiKeysTest {

    @Test
    void prodRefusesTheDevelopmentKeyAndOtherProfilesAcceptIt() {
        ApiKeyProperties dev = keys(new ApiKeyProperties.Key("development", "viewer", "junction-dev-api-key", null));
        assertThatThrownBy(() -> new ApiKeys(dev, prod())).hasMessageContaining("JUNCTION_API_KEYS_0_");
        assertThatCode(() -> new ApiKeys(dev, new MockEnvironment())).doesNotThrowAnyException();
        // the same public key given as its hash is still the public key
        ApiKeyProperties hashed = keys(new ApiKeyProperties.Key(
                "development", "viewer", null, HexFormat.of().formatHex(ApiKeys.sha256("junction-dev-api-key"))));
        assertThatThrownBy(() -> new ApiKeys(hashed, prod())).hasMessageContaining("development API key");
    }

    @Test
    void aKeyConfiguredByItsHashIsKnownAndOthersAreNot() {
        String sha256 = HexFormat.of().formatHex(ApiKeys.sha256("s3cret-erp-key"));
        ApiKeys keys = new ApiKeys(
                keys(
                        new ApiKeyProperties.Key("erp", "operator", null, sha256),
                        new ApiKeyProperties.Key("call-center", "viewer", "s3cret-cc-key", null)),
                prod());

        assertThat(keys.holderOf("s3cret-erp-key")).contains(new ApiKeys.Holder("erp", "operator"));
        assertThat(keys.holderOf("s3cret-cc-key")).contains(new ApiKeys.Holder("call-center", "viewer"));
        assertThat(keys.holderOf("s3cret-erp-key ")).isEmpty();
        assertThat(keys.holderOf(sha256)).as("the hash is not the key").isEmpty();
    }

    @Test
    void anIncompleteKeyIsRefusedAtStart() {
        assertThatThrownBy(() -> new ApiKeys(keys(new ApiKeyProperties.Key("x", "admin", "k", null)), prod()))
                .hasMessageContaining("role");
        assertThatThrownBy(() -> new ApiKeys(keys(new ApiKeyProperties.Key("x", "viewer", "k", "ab")), prod()))
                .hasMessageContaining("exactly one of key or sha256");
        assertThatThrownBy(() -> new ApiKeys(keys(new ApiKeyProperties.Key("x", "viewer", null, "not-hex")), prod()))
                .hasMessageContaining("64 hex digits");
    }

    private static ApiKeyProperties keys(ApiKeyProperties.Key... keys) {
        return new ApiKeyProperties(List.of(keys));
    }

    private static MockEnvironment prod() {
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles("prod");
        return environment;
    }
}
