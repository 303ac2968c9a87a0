package io.junction.ops;

import org.apache.activemq.artemis.core.config.Configuration;
import org.springframework.boot.autoconfigure.jms.artemis.ArtemisConfigurationCustomizer;
import org.springframework.stereotype.Component;

/** The embedded broker's JMX management, so Hawtio's Artemis plugin shows its addresses, queues and depths. */
@Component
public class BrokerManagement implements ArtemisConfigurationCustomizer {

    @Override
    public void customize(Configuration configuration) {
        configuration.setJMXManagementEnabled(true);
    }
}
