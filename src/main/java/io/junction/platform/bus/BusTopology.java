package io.junction.platform.bus;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Junction's addresses and queues on Artemis, from {@code junction.bus} (config/application.yml): one multicast
 * address per canonical event family, one durable queue per subscriber on each family it subscribes to, a dead-letter
 * queue per consumer queue and per polled feed, and a backstop dead-letter address for messages the broker itself
 * gives up on. A new subscriber is configuration (a {@code subscriptions} entry) and a route reading its queue.
 * config/broker.xml declares the same topology for the standalone broker (BusTopologyTest keeps them in step).
 *
 * @param families      the canonical event families, each an address junction.&lt;family&gt;
 * @param subscriptions by consumer name: the families it receives, each into its own queue
 * @param feeds         the polled feeds whose rows that cannot become events go to DLQ.&lt;feed&gt;
 */
@ConfigurationProperties("junction.bus")
public record BusTopology(List<String> families, Map<String, Subscription> subscriptions, List<String> feeds) {

    public static final String ADDRESS_PREFIX = "junction.";
    public static final String BACKSTOP_DLA = "junction.dla";
    /** A consumer name becomes the last segment of its queue names, so no dots (Artemis' wildcard separator). */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    public BusTopology {
        families = families == null ? List.of() : List.copyOf(families);
        subscriptions = subscriptions == null ? Map.of() : new LinkedHashMap<>(subscriptions);
        feeds = feeds == null ? List.of() : List.copyOf(feeds);
        check(families, subscriptions);
    }

    /**
     * A consumer's subscription: a durable queue junction.&lt;family&gt;.&lt;consumer&gt; on each of its families.
     *
     * @param filter an Artemis filter (JMS selector syntax, e.g. {@code JunctionEventType = 'order.cancelled'}) the
     *               queue applies, so it keeps only the events it selects; empty: every event of the family
     */
    public record Subscription(List<String> families, String filter) {

        public Subscription {
            families = families == null ? List.of() : List.copyOf(families);
        }
    }

    public static String address(String family) {
        return ADDRESS_PREFIX + family;
    }

    public static String deadLetterQueueOf(String queueName) {
        return "DLQ." + queueName;
    }

    /** Every consumer queue, in the order of the subscriptions and their families. */
    public List<ConsumerQueue> consumerQueues() {
        return subscriptions.entrySet().stream()
                .flatMap(s -> s.getValue().families().stream()
                        .map(family -> new ConsumerQueue(
                                family, s.getKey(), s.getValue().filter())))
                .toList();
    }

    /** The consumer's queue on a family; a consumer or family that is not configured is a programming error. */
    public ConsumerQueue queue(String family, String consumer) {
        return consumerQueues().stream()
                .filter(q -> q.family().equals(family) && q.consumer().equals(consumer))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "no subscription of " + consumer + " to " + family + " under junction.bus.subscriptions"));
    }

    public List<String> feedDeadLetterQueues() {
        return feeds.stream().map(BusTopology::deadLetterQueueOf).toList();
    }

    /** Every dead-letter queue: one per consumer queue, one per polled feed, the broker's backstop. */
    public List<String> deadLetterQueues() {
        return Stream.of(
                        consumerQueues().stream().map(ConsumerQueue::deadLetterQueue),
                        feedDeadLetterQueues().stream(),
                        Stream.of(BACKSTOP_DLA))
                .flatMap(s -> s)
                .toList();
    }

    /** A subscription to an unknown family would declare a queue on an address nothing publishes to: refuse to start. */
    private static void check(List<String> families, Map<String, Subscription> subscriptions) {
        Set<String> known = new HashSet<>(families);
        subscriptions.forEach((consumer, subscription) -> {
            if (!NAME.matcher(consumer).matches()) {
                throw new IllegalArgumentException("junction.bus.subscriptions." + consumer
                        + ": a consumer name is lower-case letters, digits and dashes");
            }
            if (subscription.families().isEmpty()) {
                throw new IllegalArgumentException("junction.bus.subscriptions." + consumer + ".families is empty");
            }
            for (String family : subscription.families()) {
                if (!known.contains(family)) {
                    throw new IllegalArgumentException("junction.bus.subscriptions." + consumer + ": family " + family
                            + " is not one of junction.bus.families " + families);
                }
            }
        });
    }

    /** A consumer's own durable copy of a family's events. Queue names are broker-wide, so they carry the family. */
    public record ConsumerQueue(String family, String consumer, String filter) {

        public String address() {
            return BusTopology.address(family);
        }

        public String name() {
            return address() + "." + consumer;
        }

        /** The fully qualified queue name a JMS consumer uses: address::queue. */
        public String fqqn() {
            return address() + "::" + name();
        }

        public String deadLetterQueue() {
            return deadLetterQueueOf(name());
        }

        public boolean filtered() {
            return filter != null && !filter.isBlank();
        }
    }
}
