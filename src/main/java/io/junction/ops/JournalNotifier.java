package io.junction.ops;

import io.junction.platform.bus.EventHeaders;
import io.junction.platform.bus.batch.BatchEndpoint;
import io.junction.platform.bus.batch.BusMessage;
import java.util.List;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.component.jms.JmsEndpoint;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeCompletedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeCreatedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeEvent;
import org.apache.camel.spi.CamelEvent.ExchangeFailedEvent;
import org.apache.camel.spi.CamelEvent.ExchangeSentEvent;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.EventNotifierSupport;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Feeds the message journal from what routes do: a journaled exchange publishing an event or dead-lettering its
 * message, and every bus consumer's outcome for the event it consumed (the trail).
 */
@Component
public class JournalNotifier extends EventNotifierSupport implements CamelContextConfiguration {

    private static final String CONSUMED_EVENT = "JunctionConsumedEvent";
    private static final String CONSUMER_EXCHANGE = "JunctionConsumerExchange";

    private final MessageJournal journal;

    public JournalNotifier(MessageJournal journal) {
        this.journal = journal;
        setIgnoreCamelContextEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        // sending events are not used, but heard: Camel announces a send's end (ExchangeSentEvent) only to notifiers
        // that heard its start, and without Camel's Micrometer exchange notifier nobody else would
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        if (!camel.getManagementStrategy().getEventNotifiers().contains(this)) {
            camel.getManagementStrategy().addEventNotifier(this);
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        // registered before the start, so the first exchanges are journaled too
    }

    @Override
    public void notify(CamelEvent event) {
        if (event instanceof ExchangeSentEvent sent
                && sent.getEndpoint() instanceof JmsEndpoint jms
                && !sent.getExchange().isFailed()) {
            if (jms.getDestinationName().startsWith("DLQ.")) {
                journal.deadLettered(sent.getExchange());
            } else {
                journal.published(sent.getExchange());
            }
            return;
        }
        // a bus consumer's exchange (a ProducerTemplate sending to the bus has a JMS "from" too, but no route)
        if (!(event instanceof ExchangeEvent exchangeEvent)
                || exchangeEvent.getExchange().getFromRouteId() == null) {
            return;
        }
        Exchange exchange = exchangeEvent.getExchange();
        // a multicast's or split's copy (the customer view's fan-out) is created and completes as an exchange of its
        // own, with the consumer's properties: only the exchange the consumer created is a step of its events
        if (event instanceof ExchangeCreatedEvent) {
            if (exchange.getProperty(ExchangePropertyKey.CORRELATION_ID) == null) {
                exchange.setProperty(CONSUMER_EXCHANGE, exchange.getExchangeId());
            }
        } else if (!exchange.getExchangeId()
                .equals(exchange.getProperty(CONSUMER_EXCHANGE, exchange.getExchangeId(), String.class))) {
            return;
        }
        List<BusMessage> batch = BatchEndpoint.batchOf(exchange);
        if (batch != null && batch.size() > 1) {
            // a batch that fails is split and handed again, so only a batch's success is a step of its events
            if (event instanceof ExchangeCompletedEvent && exchange.getException() == null) {
                batch.forEach(message -> processed(message, exchange.getFromRouteId()));
            }
            return;
        }
        if (batch == null && !(exchange.getFromEndpoint() instanceof JmsEndpoint)) {
            return;
        }
        if (event instanceof ExchangeCreatedEvent) {
            // the headers as consumed: a route may replace them on its way
            exchange.setProperty(CONSUMED_EVENT, exchange.getIn().getHeader(EventHeaders.EVENT_ID, String.class));
        } else if (event instanceof ExchangeFailedEvent) {
            journal.trail(
                    consumedEvent(exchange),
                    exchange.getFromRouteId(),
                    "failed",
                    "rolled back for redelivery: " + exchange.getException(),
                    null);
        } else if (event instanceof ExchangeCompletedEvent) {
            String deadLetterQueue = exchange.getMessage().getHeader(EventHeaders.DEAD_LETTER_QUEUE, String.class);
            if (deadLetterQueue != null) {
                journal.trail(
                        consumedEvent(exchange),
                        exchange.getFromRouteId(),
                        "dead-lettered",
                        deadLetterQueue + ": "
                                + exchange.getMessage().getHeader(EventHeaders.DEAD_LETTER_REASON, String.class),
                        null);
            } else {
                journal.processed(consumedEvent(exchange), exchange.getFromRouteId());
            }
        }
    }

    /** Each event's trail step under its own correlation id, as if it had been consumed alone. */
    private void processed(BusMessage message, String routeId) {
        String previous = MDC.get(Correlation.MDC_KEY);
        MDC.put(Correlation.MDC_KEY, message.correlationId());
        try {
            journal.processed(message.eventId(), routeId);
        } finally {
            if (previous != null) {
                MDC.put(Correlation.MDC_KEY, previous);
            } else {
                MDC.remove(Correlation.MDC_KEY);
            }
        }
    }

    private static String consumedEvent(Exchange exchange) {
        String id = exchange.getProperty(CONSUMED_EVENT, String.class);
        return id != null ? id : exchange.getIn().getHeader(EventHeaders.EVENT_ID, String.class);
    }
}
