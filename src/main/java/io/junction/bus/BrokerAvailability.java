package io.junction.bus;

import io.junction.failure.Failures;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Refuses an HTTP intake at once (503 + Retry-After, nothing accepted) while the embedded broker is stopped. Without it
 * the send waits on the JMS client, which keeps trying to reach the stopped in-VM broker for its call timeout on every
 * redelivery, so the sender waited about 30 s for the servlet's bare 503. With an external broker (no embedded one) it
 * lets every send through.
 */
@Component
public class BrokerAvailability {

    private final ObjectProvider<EmbeddedActiveMQ> embedded;

    public BrokerAvailability(ObjectProvider<EmbeddedActiveMQ> embedded) {
        this.embedded = embedded;
    }

    /** Before a webhook's send: throws the bus-unavailable problem when the embedded broker is not serving. */
    public void require() {
        EmbeddedActiveMQ broker = embedded.getIfAvailable();
        if (broker != null && (broker.getActiveMQServer() == null || !broker.getActiveMQServer().isActive())) {
            throw Failures.busUnavailable();
        }
    }
}
