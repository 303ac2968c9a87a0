package io.junction.platform.bus;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.FailoverEventType;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConnectionDetails;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisMode;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Refuses an HTTP intake at once (503 + Retry-After, nothing accepted) while the broker cannot take messages. Without
 * it the send waits on the JMS client (for the embedded broker its call timeout on every redelivery; for an external
 * broker behind a failover URL, until the broker is back), so the sender waited for the servlet's bare 503 and, with
 * an external broker, the message was still sent once the broker returned.
 *
 * <p>The embedded broker is asked directly. An external one ({@code spring.artemis.mode=native}) is watched over a
 * connection of its own, without reconnection: the broker is down from the moment that connection fails (a stopped
 * or killed broker closes it at once) until a new one succeeds, tried every junction.bus.availability-check-ms. The
 * hub's own connections reconnect by themselves meanwhile; a send that meets one still failing over gives up after
 * the bounded wait of {@link BusClientTimeouts}.
 */
@Component
public class BrokerAvailability implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BrokerAvailability.class);

    private final ObjectProvider<EmbeddedActiveMQ> embedded;
    private final ArtemisConnectionDetails broker;
    private final long checkMillis;
    private ScheduledExecutorService watcher;
    private volatile ServerLocator locator;
    private volatile ClientSessionFactory watch;
    private volatile boolean externalUp;
    private volatile boolean running;
    /** The embedded broker, looked up once: a bean lookup on every webhook cost about 2% of the intake's CPU. */
    private volatile EmbeddedActiveMQ server;

    public BrokerAvailability(
            ObjectProvider<EmbeddedActiveMQ> embedded,
            ObjectProvider<ArtemisConnectionDetails> broker,
            @Value("${junction.bus.availability-check-ms:500}") long checkMillis) {
        this.embedded = embedded;
        this.broker = broker.getIfAvailable();
        this.checkMillis = checkMillis;
    }

    /** Before a webhook's send: throws BusUnavailableException when the broker is known not to be serving. */
    public void require() {
        if (!available()) {
            throw new BusUnavailableException();
        }
    }

    /** Whether the broker takes messages now, as far as this hub knows. */
    public boolean available() {
        if (locator != null) {
            return externalUp;
        }
        EmbeddedActiveMQ server = this.server;
        if (server == null) {
            server = embedded.getIfAvailable();
            this.server = server;
        }
        return server == null
                || (server.getActiveMQServer() != null
                        && server.getActiveMQServer().isActive());
    }

    @Override
    public void start() {
        running = true;
        if (broker == null || broker.getMode() != ArtemisMode.NATIVE) {
            return;
        }
        try {
            locator = ActiveMQClient.createServerLocator(broker.getBrokerUrl());
        } catch (Exception e) {
            throw new IllegalStateException("cannot read spring.artemis.broker-url " + broker.getBrokerUrl(), e);
        }
        // the watch connection only reports; it never fails over (the hub's own connections do)
        locator.setReconnectAttempts(0).setInitialConnectAttempts(1);
        watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "broker-availability");
            thread.setDaemon(true);
            return thread;
        });
        watcher.scheduleWithFixedDelay(this::check, 0, checkMillis, TimeUnit.MILLISECONDS);
    }

    /** One check: a live watch connection means up; otherwise (closed, or failed since) try to open a new one. */
    private void check() {
        ClientSessionFactory current = watch;
        if (current != null
                && externalUp
                && !current.isClosed()
                && current.getConnection() != null
                && !current.getConnection().isDestroyed()) {
            return;
        }
        if (current != null) {
            markDown();
            current.close();
            watch = null;
        }
        try {
            ClientSessionFactory fresh = locator.createSessionFactory();
            // called on the client's own thread: only mark; the next check closes the factory and reconnects
            fresh.addFailoverListener(event -> {
                if (event == FailoverEventType.FAILURE_DETECTED || event == FailoverEventType.FAILOVER_FAILED) {
                    markDown();
                }
            });
            watch = fresh;
            externalUp = true;
            log.info("message broker reachable: intake open");
        } catch (Exception unreachable) {
            log.debug("message broker unreachable: {}", unreachable.toString());
        }
    }

    private void markDown() {
        if (externalUp) {
            log.warn("message broker unreachable: webhooks are refused with 503 until it is back");
        }
        externalUp = false;
    }

    @Override
    public void stop() {
        running = false;
        if (watcher != null) {
            watcher.shutdownNow();
        }
        if (watch != null) {
            watch.close();
        }
        if (locator != null) {
            locator.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
