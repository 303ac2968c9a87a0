package io.junction.ops;

import io.junction.adapter.storefront.StorefrontDialect;
import io.junction.adapter.storefront.StorefrontProperties;
import io.junction.platform.bus.EventHeaders;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.impl.engine.MDCUnitOfWork;
import org.apache.camel.spi.UnitOfWork;
import org.apache.camel.spi.UnitOfWorkFactory;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * A message's correlation id in the MDC ({@value #MDC_KEY}) of every log line of every route that handles it. The id
 * is the inbound delivery id (a webhook's delivery-id header) or, for an event the hub made itself, the event id; it
 * travels across the bus in the {@link EventHeaders#CORRELATION_ID} header, which {@link EventHeaders#stamp} keeps.
 */
@Component
public class Correlation implements CamelContextConfiguration {

    public static final String MDC_KEY = "correlationId";

    private final List<String> headers;

    public Correlation(OpsProperties ops, StorefrontProperties storefronts) {
        Set<String> names = new LinkedHashSet<>();
        names.add(EventHeaders.CORRELATION_ID);
        names.addAll(ops.correlationHeaders());
        storefronts.storefront().values().stream()
                .map(StorefrontDialect::deliveryIdHeader)
                .forEach(names::add);
        this.headers = List.copyOf(new ArrayList<>(names));
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        camel.getCamelContextExtension()
                .addContextPlugin(UnitOfWorkFactory.class, exchange -> new CorrelatedUnitOfWork(exchange, headers));
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        // nothing to do once started
    }

    /**
     * Gives a message that has no delivery id of its own (an ERP status row, a batch of a 3PL file's lines) the
     * correlation id {@code <kind>:<id>}: for its log lines, its journal entry and, through {@link EventHeaders#stamp},
     * every event it becomes. Call it before journaling the message.
     */
    public void assign(Exchange exchange, String kind, String id) {
        String correlationId = kind + ":" + id;
        exchange.setProperty(EventHeaders.CORRELATION_ID, correlationId);
        // the exchange's unit of work restores the MDC when it is done (CorrelatedUnitOfWork.clear)
        MDC.put(MDC_KEY, correlationId);
    }

    /** The correlation id an exchange carries: the first of the correlation headers that is set. */
    static String correlationOf(Exchange exchange, List<String> headers) {
        String known = exchange.getProperty(EventHeaders.CORRELATION_ID, String.class);
        if (known != null) {
            return known;
        }
        for (String header : headers) {
            String value = exchange.getIn().getHeader(header, String.class);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        return null;
    }

    /**
     * Camel's MDC unit of work, plus the correlation id. It carries the id to the thread an asynchronous step continues
     * on itself, instead of by Camel's {@code mdc-logging-keys-pattern}: Camel matched every MDC key against that
     * pattern by compiling it as a regular expression, at every step of every exchange (about 1% of the hub's CPU).
     */
    static final class CorrelatedUnitOfWork extends MDCUnitOfWork {

        private final List<String> headers;
        private final String originalCorrelation;

        CorrelatedUnitOfWork(Exchange exchange, List<String> headers) {
            super(
                    exchange,
                    exchange.getContext().getInflightRepository(),
                    null,
                    exchange.getContext().isAllowUseOriginalMessage(),
                    exchange.getContext().isUseBreadcrumb());
            this.headers = headers;
            this.originalCorrelation = MDC.get(MDC_KEY);
            String id = correlationOf(exchange, headers);
            if (id != null) {
                exchange.setProperty(EventHeaders.CORRELATION_ID, id);
                MDC.put(MDC_KEY, id);
            }
        }

        @Override
        public UnitOfWork newInstance(Exchange exchange) {
            return new CorrelatedUnitOfWork(exchange, headers);
        }

        @Override
        public AsyncCallback beforeProcess(Processor processor, Exchange exchange, AsyncCallback callback) {
            AsyncCallback restoresCamelKeys = super.beforeProcess(processor, exchange, callback);
            String correlationId = MDC.get(MDC_KEY);
            if (correlationId == null) {
                return restoresCamelKeys;
            }
            return doneSync -> {
                if (!doneSync) {
                    // continued on another thread, as Camel's callback restores its own keys there
                    MDC.put(MDC_KEY, correlationId);
                }
                restoresCamelKeys.done(doneSync);
            };
        }

        @Override
        public void clear() {
            super.clear();
            if (originalCorrelation != null) {
                MDC.put(MDC_KEY, originalCorrelation);
            } else {
                MDC.remove(MDC_KEY);
            }
        }
    }
}
