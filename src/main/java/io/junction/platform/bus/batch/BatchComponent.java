package io.junction.platform.bus.batch;

import io.junction.platform.bus.BrokerAvailability;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.ConnectionFactory;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.support.DefaultComponent;
import org.springframework.stereotype.Component;

/**
 * {@code jms-batch:<address::queue>?size=100&maxWaitMs=5&consumers=4}: consumes a bus queue in batches, one JMS
 * transaction per batch (docs/batching.md).
 */
@Component("jms-batch")
public class BatchComponent extends DefaultComponent {

    private final ConnectionFactory connectionFactory;
    private final MeterRegistry meters;
    private final BrokerAvailability availability;

    public BatchComponent(ConnectionFactory connectionFactory, MeterRegistry meters, BrokerAvailability availability) {
        this.connectionFactory = connectionFactory;
        this.meters = meters;
        this.availability = availability;
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        BatchEndpoint endpoint =
                new BatchEndpoint(uri, this, remaining, connectionFactory, meters, availability::available);
        setProperties(endpoint, parameters);
        return endpoint;
    }
}
