package io.junction.ops;

import io.junction.platform.security.Roles;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Refuses to start without both operations logins, and in the {@code prod} profile with the documented development
 * passwords; warns loudly when a development password is in use anywhere else.
 */
@Component
public class OpsCredentialsCheck {

    static final String DEVELOPMENT_PASSWORD_PREFIX = "junction-dev-";
    private static final Logger log = LoggerFactory.getLogger(OpsCredentialsCheck.class);

    public OpsCredentialsCheck(OpsProperties properties, Environment environment) {
        boolean prod = environment.acceptsProfiles(Profiles.of("prod"));
        Map.of(Roles.VIEWER, properties.viewer(), Roles.OPERATOR, properties.operator())
                .forEach((role, account) -> {
                    String variables = "JUNCTION_OPS_" + role.toUpperCase() + "_USER and JUNCTION_OPS_"
                            + role.toUpperCase() + "_PASSWORD";
                    if (blank(account.user()) || blank(account.password())) {
                        throw new IllegalStateException(
                                "no " + role + " login for the operations console: set " + variables);
                    }
                    if (account.password().startsWith(DEVELOPMENT_PASSWORD_PREFIX)) {
                        if (prod) {
                            throw new IllegalStateException(
                                    "the prod profile refuses the development " + role + " password: set " + variables);
                        }
                        log.warn(
                                "!!! the {} login '{}' of Hawtio and the operations API uses the PUBLIC development password '{}'. "
                                        + "Set {} before exposing this hub. !!!",
                                role,
                                account.user(),
                                account.password(),
                                variables);
                    }
                });
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
