package io.junction.platform.bus.batch;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.jms.ConnectionFactory;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.camel.Component;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;

/** A bus queue consumed in batches; consume only (the bus is written through the jms component). */
public class BatchEndpoint extends DefaultEndpoint {

    /** Exchange property: the batch's messages, in the order received. */
    public static final String BATCH = "JunctionBatch";
    /** Exchange property: how many messages the exchange holds; error handling splits an exchange of more than one. */
    public static final String BATCH_SIZE = "JunctionBatchSize";

    private final String destinationName;
    private final ConnectionFactory connectionFactory;
    private final MeterRegistry meters;
    private final BooleanSupplier brokerUp;
    private int size = 100;
    private long maxWaitMs = 5;
    private int consumers = 1;
    private long receiveTimeoutMs = 1000;

    BatchEndpoint(
            String uri,
            Component component,
            String destinationName,
            ConnectionFactory connectionFactory,
            MeterRegistry meters,
            BooleanSupplier brokerUp) {
        super(uri, component);
        this.destinationName = destinationName;
        this.connectionFactory = connectionFactory;
        this.meters = meters;
        this.brokerUp = brokerUp;
    }

    /** The batch an exchange of a batch consumer holds; null for any other exchange. */
    @SuppressWarnings("unchecked")
    public static List<BusMessage> batchOf(Exchange exchange) {
        return exchange.getFromEndpoint() instanceof BatchEndpoint ? exchange.getProperty(BATCH, List.class) : null;
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        BatchConsumer consumer = new BatchConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    @Override
    public Producer createProducer() {
        throw new UnsupportedOperationException("jms-batch only consumes; send with the jms component");
    }

    @Override
    protected String createEndpointUri() {
        return "jms-batch:" + destinationName;
    }

    /** The queue, address::queue, as the jms component names it. */
    public String getDestinationName() {
        return destinationName;
    }

    ConnectionFactory connectionFactory() {
        return connectionFactory;
    }

    /** Whether the broker is up: while it is not, a consumer opens no connection (see BatchConsumer.consume). */
    boolean brokerUp() {
        return brokerUp.getAsBoolean();
    }

    MeterRegistry meters() {
        return meters;
    }

    public int getSize() {
        return size;
    }

    /** The most messages in one batch. */
    public void setSize(int size) {
        this.size = size;
    }

    public long getMaxWaitMs() {
        return maxWaitMs;
    }

    /** How long a batch waits for more messages after its first one. */
    public void setMaxWaitMs(long maxWaitMs) {
        this.maxWaitMs = maxWaitMs;
    }

    public int getConsumers() {
        return consumers;
    }

    /** Concurrent consumers (each its own session); message groups keep one customer's messages with one of them. */
    public void setConsumers(int consumers) {
        this.consumers = consumers;
    }

    public long getReceiveTimeoutMs() {
        return receiveTimeoutMs;
    }

    /** How long an idle consumer waits for a first message before it checks whether it should stop. */
    public void setReceiveTimeoutMs(long receiveTimeoutMs) {
        this.receiveTimeoutMs = receiveTimeoutMs;
    }
}
