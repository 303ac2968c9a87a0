package io.junction.adapter.storefront;

import io.junction.webhook.WebhookSecrets;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Refuses to start without a secret per dialect, and in the {@code prod} profile with the documented development
 * secret; warns loudly when the development secret is in use anywhere else ({@link WebhookSecrets}).
 */
@Component
public class StorefrontSecretsCheck {

    public StorefrontSecretsCheck(StorefrontProperties properties, Environment environment) {
        boolean prod = environment.acceptsProfiles(Profiles.of("prod"));
        properties
                .storefront()
                .forEach((name, dialect) -> WebhookSecrets.check(
                        "storefront '" + name + "'", dialect.secret(), StorefrontDialect.secretVariable(name), prod));
    }
}
