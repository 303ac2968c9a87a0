package io.junction.bench;

import jakarta.jms.Connection;
import jakarta.jms.DeliveryMode;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Baseline (a), raw Artemis: the hub's canonical order events through an embedded broker set up as the hub's is
 * (in-VM, persistent journal, duplicate-id cache persisted), by plain JMS: as many producers as the hub has HTTP
 * senders, sending durably outside a transaction as the intake does (one durable send per webhook: the intake answers
 * each storefront only once its own event is on the broker, so producer-side batching is not the hub's model), onto a
 * multicast address with one queue per order consumer of the hub, each drained by transacted consumers committing
 * every {@code commitEvery} messages (1: per message; more: batched, and at once when the queue runs dry). What this
 * reaches is the most the hub's bus could carry with nothing else to do.
 */
final class ArtemisBaseline {

    /** The hub's order consumers, in order (BusTopology: the order family's consumer queues). */
    private static final List<String> ORDER_CONSUMERS = List.of("customer-view", "erp", "scm");
    private static final String ADDRESS = "bench.order";
    /** How long a batching consumer waits for the next message before it commits what it holds. */
    private static final long IDLE_COMMIT_MILLIS = 10;

    record Result(int orders, double seconds) {
        double perSecond() {
            return orders / seconds;
        }
    }

    /** The first {@code count} of the hub's order consumers' names (more than the hub has: numbered ones). */
    static List<String> queues(int count) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(i < ORDER_CONSUMERS.size() ? ORDER_CONSUMERS.get(i) : "consumer-" + (i + 1));
        }
        return names;
    }

    static Result run(OrderStream orders, int count, int producers, int consumersPerQueue, List<String> queues,
                      int commitEvery, Path dir) throws Exception {
        Configuration config = new ConfigurationImpl()
                .setPersistenceEnabled(true)
                .setSecurityEnabled(false)
                .setJournalDirectory(dir.resolve("journal").toString())
                .setBindingsDirectory(dir.resolve("bindings").toString())
                .setPagingDirectory(dir.resolve("paging").toString())
                .setLargeMessagesDirectory(dir.resolve("large").toString())
                .setIDCacheSize(20_000)
                .setPersistIDCache(true)
                .addAcceptorConfiguration("invm", "vm://0");
        CoreAddressConfiguration address = new CoreAddressConfiguration().setName(ADDRESS).addRoutingType(RoutingType.MULTICAST);
        queues.forEach(q -> address.addQueueConfiguration(QueueConfiguration.of(queue(q)).setAddress(ADDRESS)
                .setRoutingType(RoutingType.MULTICAST).setDurable(true)));
        config.addAddressConfiguration(address);
        EmbeddedActiveMQ broker = new EmbeddedActiveMQ().setConfiguration(config).start();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory("vm://0");
             Connection connection = factory.createConnection()) {
            connection.start();
            String[] events = new String[count];
            for (int i = 0; i < count; i++) {
                events[i] = orders.cloudEvent(i);
            }
            CountDownLatch consumed = new CountDownLatch(count * queues.size());
            AtomicLong lastConsumed = new AtomicLong();
            ExecutorService consumers = Executors.newFixedThreadPool(queues.size() * consumersPerQueue);
            List<Session> consumerSessions = new ArrayList<>();
            for (String q : queues) {
                for (int c = 0; c < consumersPerQueue; c++) {
                    Session session = connection.createSession(true, Session.SESSION_TRANSACTED);
                    consumerSessions.add(session);
                    MessageConsumer consumer = session.createConsumer(session.createQueue(ADDRESS + "::" + queue(q)));
                    consumers.submit(() -> {
                        int held = 0;
                        while (consumed.getCount() > 0) {
                            TextMessage m = (TextMessage) consumer.receive(held == 0 ? 200 : IDLE_COMMIT_MILLIS);
                            if (m != null) {
                                m.getText();
                                held++;
                            }
                            if (held > 0 && (held >= commitEvery || m == null)) {
                                session.commit();
                                lastConsumed.set(System.nanoTime());
                                for (; held > 0; held--) {
                                    consumed.countDown();
                                }
                            }
                        }
                        return null;
                    });
                }
            }
            long start = System.nanoTime();
            AtomicInteger next = new AtomicInteger();
            ExecutorService producing = Executors.newFixedThreadPool(producers);
            for (int p = 0; p < producers; p++) {
                producing.submit(() -> {
                    try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                         MessageProducer producer = session.createProducer(session.createTopic(ADDRESS))) {
                        producer.setDeliveryMode(DeliveryMode.PERSISTENT);
                        for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                            TextMessage m = session.createTextMessage(events[i]);
                            m.setStringProperty("JMSXGroupID", orders.email(i));
                            m.setStringProperty("_AMQ_DUPL_ID", orders.orderId(i));
                            producer.send(m);
                        }
                    }
                    return null;
                });
            }
            producing.shutdown();
            producing.awaitTermination(1, TimeUnit.HOURS);
            if (!consumed.await(30, TimeUnit.MINUTES)) {
                throw new IllegalStateException("raw Artemis baseline: messages did not all arrive");
            }
            consumers.shutdown();
            consumers.awaitTermination(1, TimeUnit.MINUTES);
            for (Session s : consumerSessions) {
                s.close();
            }
            return new Result(count, (lastConsumed.get() - start) / 1e9);
        } finally {
            broker.stop();
        }
    }

    private static String queue(String consumer) {
        return ADDRESS + "." + consumer;
    }
}
