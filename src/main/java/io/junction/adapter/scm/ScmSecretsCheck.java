package io.junction.adapter.scm;

import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/** Refuses to start without a secret per SCM provider, or in prod with the development secret; warns otherwise. */
@Component
public class ScmSecretsCheck {

    public ScmSecretsCheck(ScmProperties properties, Environment environment) {
        properties.checkSecrets(environment.acceptsProfiles(Profiles.of("prod")));
    }
}
