package io.junction.adapter.scm;

import io.junction.webhook.WebhookSecrets;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code junction.scm.<provider>.*}: the senders of shipment webhooks this hub accepts. */
@ConfigurationProperties("junction")
public record ScmProperties(Map<String, ScmProvider> scm) {

    public ScmProperties {
        scm = scm == null ? Map.of() : Map.copyOf(scm);
    }

    public ScmProvider provider(String name) {
        ScmProvider provider = scm.get(name);
        if (provider == null) {
            throw new IllegalArgumentException("no SCM provider '" + name + "' configured under junction.scm");
        }
        return provider;
    }

    /** The storefront's secret rules for every provider: present, not the development secret in prod. */
    public void checkSecrets(boolean prod) {
        scm.forEach((name, p) -> WebhookSecrets.check(
                "SCM provider '" + name + "'", p.secret(), ScmProvider.secretVariable(name), prod));
    }
}
