package io.junction.adapter.edi;

import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code junction.edi.partners.<id>.*}: the trading partners whose interchanges the hub reads and writes. */
@ConfigurationProperties("junction.edi")
public record EdiProperties(Map<String, Partner> partners) {

    public EdiProperties {
        partners = partners == null ? Map.of() : Map.copyOf(partners);
    }

    /** The standards a partner can speak; each has its own mappings under mappings/edi/. */
    public enum Standard {
        EDIFACT,
        X12
    }

    /**
     * One trading partner. {@code interchangeId}/{@code qualifier} are the partner's own ids in the envelope (UNB
     * sender, ISA06/ISA05), {@code ourId}/{@code ourQualifier} the hub's (UNB recipient, ISA08/ISA07).
     * {@code sourceSystem} names the partner's orders and customers in the canonical model. {@code pickupUri}: a Camel
     * endpoint (e.g. {@code sftp://...}) polled into the drop folder; {@code deliveryUri}: where ship notices go
     * (default: the folder {@code <data-dir>/outbox/edi/<partner>}); {@code shipNotices}: whether to send them.
     */
    public record Partner(
            Standard standard,
            String interchangeId,
            String qualifier,
            String ourId,
            String ourQualifier,
            String sourceSystem,
            String pickupUri,
            String deliveryUri,
            Boolean shipNotices) {

        public boolean sendsShipNotices() {
            return !Boolean.FALSE.equals(shipNotices);
        }
    }

    /** The partner whose interchanges carry this sender id, in this standard. */
    public Optional<Map.Entry<String, Partner>> bySender(Standard standard, String senderId) {
        return partners.entrySet().stream()
                .filter(e -> e.getValue().standard() == standard
                        && e.getValue().interchangeId().equals(senderId))
                .findFirst();
    }

    /** The partner whose orders carry this canonical source system. */
    public Optional<Map.Entry<String, Partner>> bySourceSystem(String sourceSystem) {
        return partners.entrySet().stream()
                .filter(e -> e.getValue().sourceSystem().equals(sourceSystem))
                .findFirst();
    }
}
