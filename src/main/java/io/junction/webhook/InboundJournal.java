package io.junction.webhook;

import org.apache.camel.Exchange;

/**
 * Where an intake journals a message as it arrived, before anything can refuse it. The operations journal
 * (ops.MessageJournal) implements it; the intakes need only this, so they do not depend on the operations layer.
 */
public interface InboundJournal {

    /** Journals the exchange's message as received by {@code source}, as a {@code type}, with the sender's id if any. */
    void receive(Exchange exchange, String source, String type, String messageId);
}
