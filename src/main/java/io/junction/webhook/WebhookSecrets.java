package io.junction.webhook;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The rules for any webhook secret (storefront, carrier, CRM): present, and never the development secret in prod. */
public final class WebhookSecrets {

    static final String DEVELOPMENT_SECRET = "junction-dev-secret";
    private static final Logger log = LoggerFactory.getLogger(WebhookSecrets.class);

    private WebhookSecrets() {}

    /** Refuses a missing secret, and the development secret in prod; warns loudly when it is in use anywhere else. */
    public static void check(String sender, String secret, String variable, boolean prod) {
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("no webhook secret for " + sender + ": set " + variable);
        }
        if (DEVELOPMENT_SECRET.equals(secret)) {
            if (prod) {
                throw new IllegalStateException(
                        "the prod profile refuses the development webhook secret for " + sender + ": set " + variable);
            }
            log.warn(
                    "!!! {} accepts webhooks signed with the PUBLIC development secret '{}'. "
                            + "Anyone can forge its webhooks. Set {} before exposing this hub. !!!",
                    sender,
                    DEVELOPMENT_SECRET,
                    variable);
        }
    }
}
