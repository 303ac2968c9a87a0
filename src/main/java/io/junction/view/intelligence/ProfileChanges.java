package io.junction.view.intelligence;

import java.util.List;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Hands changed profiles to the route that fans them out (direct:profile-changed, routes/customer-view.camel.yaml), in
 * the caller's thread and so in its transaction: a failure there propagates as thrown, and the change rolls back.
 * The view's fan-out, the full recompute and the blacklist API all change profiles, so the route is called from here.
 */
@Component
public class ProfileChanges {

    static final String ROUTE = "direct:profile-changed";

    private final ProducerTemplate camel;

    public ProfileChanges(ProducerTemplate camel) {
        this.camel = camel;
    }

    public void announce(ProfileChange change) {
        announce(List.of(change));
    }

    /** Changed profiles, fanned out together (the branches take the list): nothing is sent for none. */
    public void announce(List<ProfileChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        try {
            camel.sendBody(ROUTE, changes);
        } catch (CamelExecutionException e) {
            throw branchFailure(e);
        }
    }

    /** The failed branch's own exception (Camel wraps it once for the multicast and once for the template). */
    private static RuntimeException branchFailure(CamelExecutionException e) {
        Throwable cause = e.getCause();
        while (cause instanceof CamelExchangeException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof RuntimeException unchecked ? unchecked : e;
    }
}
