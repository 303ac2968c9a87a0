package io.junction.support;

import io.junction.platform.bus.BusTopology;
import io.junction.platform.bus.EmbeddedBrokerTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * A stand-in for a standalone Artemis broker: a server in the test JVM, reached only over TCP on a free port, with the
 * hub's topology (as config/broker.xml declares it, or another one) and a persistent journal, which a test stops and
 * starts.
 */
public final class StandaloneBroker {

    private final int port;
    private final Path dataDir;
    private EmbeddedActiveMQ server;

    private StandaloneBroker() {
        try (ServerSocket socket = new ServerSocket(0)) {
            this.port = socket.getLocalPort();
            this.dataDir = Files.createTempDirectory("junction-broker-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static StandaloneBroker started() {
        return started(DefaultTopology.get());
    }

    public static StandaloneBroker started(BusTopology topology) {
        StandaloneBroker broker = new StandaloneBroker();
        broker.start(topology);
        return broker;
    }

    /** The URL a hub in production would use for a live-backup pair: failover, reconnecting without limit. */
    public String failoverUrl() {
        return "(tcp://localhost:" + port + ")?ha=true&reconnectAttempts=-1";
    }

    public synchronized void start() {
        start(DefaultTopology.get());
    }

    /** Starts on the same journal, declaring this topology. */
    public synchronized void start(BusTopology topology) {
        Configuration config = new ConfigurationImpl()
                .setName("standalone")
                .setSecurityEnabled(false)
                .setPersistenceEnabled(true)
                .setJournalDirectory(dataDir.resolve("journal").toString())
                .setBindingsDirectory(dataDir.resolve("bindings").toString())
                .setLargeMessagesDirectory(dataDir.resolve("large").toString())
                .setPagingDirectory(dataDir.resolve("paging").toString())
                .setNodeManagerLockDirectory(dataDir.resolve("lock").toString());
        try {
            config.addAcceptorConfiguration("tcp", "tcp://localhost:" + port);
            new EmbeddedBrokerTopology(topology).customize(config);
            server = new EmbeddedActiveMQ().setConfiguration(config);
            server.start();
        } catch (Exception e) {
            throw new IllegalStateException("the stand-in broker did not start", e);
        }
    }

    /** The messages a queue holds, or -1 if the broker has no such queue. */
    public synchronized long messageCount(String queue) {
        Queue found = server.getActiveMQServer().locateQueue(SimpleString.of(queue));
        return found == null ? -1 : found.getMessageCount();
    }

    public synchronized void stop() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("the stand-in broker did not stop", e);
        }
    }
}
