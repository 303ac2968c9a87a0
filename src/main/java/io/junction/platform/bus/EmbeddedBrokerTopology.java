package io.junction.platform.bus;

import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.Configuration;
import org.apache.activemq.artemis.core.config.CoreAddressConfiguration;
import org.apache.activemq.artemis.core.settings.impl.AddressSettings;
import org.apache.activemq.artemis.core.settings.impl.DeletionPolicy;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.stereotype.Component;

/**
 * Declares {@link BusTopology} on the embedded broker before it starts, so an event published before its consumers
 * connect is kept, not dropped by a multicast address with no queues.
 */
@Component
public class EmbeddedBrokerTopology implements ArtemisConfigurationCustomizer {

    private final BusTopology topology;

    public EmbeddedBrokerTopology(BusTopology topology) {
        this.topology = topology;
    }

    @Override
    public void customize(Configuration configuration) {
        for (String family : topology.families()) {
            CoreAddressConfiguration address = new CoreAddressConfiguration()
                    .setName(BusTopology.address(family))
                    .addRoutingType(RoutingType.MULTICAST);
            topology.consumerQueues().stream()
                    .filter(q -> q.family().equals(family))
                    .forEach(q -> address.addQueueConfiguration(QueueConfiguration.of(q.name())
                            .setAddress(q.address())
                            .setRoutingType(RoutingType.MULTICAST)
                            .setDurable(true)
                            .setFilterString(q.filtered() ? q.filter() : null)));
            configuration.addAddressConfiguration(address);
        }
        topology.consumerQueues()
                .forEach(q -> configuration.addAddressConfiguration(anycastQueue(q.deadLetterQueue())));
        topology.feedDeadLetterQueues().forEach(q -> configuration.addAddressConfiguration(anycastQueue(q)));
        configuration.addAddressConfiguration(anycastQueue(BusTopology.BACKSTOP_DLA));

        // The hub retries in-process and dead-letters with the reason attached; the broker's own redelivery only
        // comes into play after a rollback (a crash mid-message), and gives up into the backstop address. No delay:
        // the rolled-back message goes back to the head of its queue, before its customer's next one (per-customer
        // order).
        configuration.addAddressSetting(
                BusTopology.ADDRESS_PREFIX + "#",
                new AddressSettings()
                        .setDeadLetterAddress(SimpleString.of(BusTopology.BACKSTOP_DLA))
                        .setMaxDeliveryAttempts(10)
                        .setRedeliveryDelay(0)
                        // a hub that joins (or comes back) gets a fair share of the message groups, not only new
                        // customers;
                        // dispatch pauses while groups move, so a customer's in-flight event finishes before the next
                        // one
                        // goes to its new consumer (per-customer order holds). As in config/broker.xml.
                        .setDefaultGroupRebalance(true)
                        .setDefaultGroupRebalancePauseDispatch(true)
                        // a consumer queue taken out of junction.bus.subscriptions is deleted at the next start, so the
                        // journal
                        // keeps no queue that fills with copies nobody reads (dead-letter queues, outside junction.#,
                        // stay)
                        .setConfigDeleteQueues(DeletionPolicy.FORCE));
        // what is dead-lettered stays until an operator deals with it (as in config/broker.xml)
        AddressSettings keep = new AddressSettings().setMaxDeliveryAttempts(-1);
        configuration.addAddressSetting(BusTopology.BACKSTOP_DLA, keep);
        configuration.addAddressSetting(BusTopology.deadLetterQueueOf("#"), keep);
        configuration.setIDCacheSize(20_000);
        configuration.setPersistIDCache(true);
    }

    private static CoreAddressConfiguration anycastQueue(String name) {
        return new CoreAddressConfiguration()
                .setName(name)
                .addRoutingType(RoutingType.ANYCAST)
                .addQueueConfiguration(QueueConfiguration.of(name)
                        .setAddress(name)
                        .setRoutingType(RoutingType.ANYCAST)
                        .setDurable(true));
    }
}
