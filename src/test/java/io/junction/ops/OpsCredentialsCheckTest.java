package io.junction.ops;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The operations logins come from the environment: prod refuses the public development passwords and missing ones. */
class OpsCredentialsCheckTest {

    @Test
    void prodRefusesTheDevelopmentPasswords() {
        assertThatThrownBy(() ->
                        new OpsCredentialsCheck(ops("viewer", "junction-dev-viewer", "ops", "s3cret-ops"), prod()))
                .hasMessageContaining("JUNCTION_OPS_VIEWER_PASSWORD");
    }

    @Test
    void everyProfileRefusesAMissingLogin() {
        assertThatThrownBy(
                        () -> new OpsCredentialsCheck(ops("viewer", "v-secret", "operator", ""), new MockEnvironment()))
                .hasMessageContaining("JUNCTION_OPS_OPERATOR_PASSWORD");
    }

    @Test
    void realPasswordsPassInProdAndTheDevelopmentOnesOutsideIt() {
        assertThatCode(() -> new OpsCredentialsCheck(ops("viewer", "v-secret", "operator", "o-secret"), prod()))
                .doesNotThrowAnyException();
        assertThatCode(() -> new OpsCredentialsCheck(
                        ops("viewer", "junction-dev-viewer", "operator", "junction-dev-operator"),
                        new MockEnvironment()))
                .doesNotThrowAnyException();
    }

    private static OpsProperties ops(String viewer, String viewerPassword, String operator, String operatorPassword) {
        return new OpsProperties(
                new OpsProperties.Account(viewer, viewerPassword),
                new OpsProperties.Account(operator, operatorPassword),
                Duration.ofDays(1),
                List.of(),
                Map.of(),
                Map.of());
    }

    private static MockEnvironment prod() {
        MockEnvironment environment = new MockEnvironment();
        environment.setActiveProfiles("prod");
        return environment;
    }
}
