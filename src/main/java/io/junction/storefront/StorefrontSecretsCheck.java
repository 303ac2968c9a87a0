package io.junction.storefront;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Refuses to start without a secret per dialect, and in the {@code prod} profile with the documented development
 * secret; warns loudly when the development secret is in use anywhere else.
 */
@Component
public class StorefrontSecretsCheck {

    static final String DEVELOPMENT_SECRET = "junction-dev-secret";
    private static final Logger log = LoggerFactory.getLogger(StorefrontSecretsCheck.class);

    public StorefrontSecretsCheck(StorefrontProperties properties, Environment environment) {
        boolean prod = environment.acceptsProfiles(Profiles.of("prod"));
        properties.storefront().forEach((name, dialect) ->
                check("storefront '" + name + "'", dialect.secret(), StorefrontDialect.secretVariable(name), prod));
    }

    /** The rules for any webhook secret: present, and never the development secret in prod (a warning elsewhere). */
    public static void check(String sender, String secret, String variable, boolean prod) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("no webhook secret for " + sender + ": set " + variable);
        }
        if (DEVELOPMENT_SECRET.equals(secret)) {
            if (prod) {
                throw new IllegalStateException("the prod profile refuses the development webhook secret for " + sender + ": set " + variable);
            }
            log.warn("!!! {} accepts webhooks signed with the PUBLIC development secret '{}'. "
                    + "Anyone can forge its webhooks. Set {} before exposing this hub. !!!", sender, DEVELOPMENT_SECRET, variable);
        }
    }
}
