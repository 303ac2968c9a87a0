package io.junction.adapter.edi;

import java.util.Arrays;
import java.util.Optional;

/** The message types the hub reads, each with its mapping in mappings/edi/ and what it becomes. */
public enum EdiMessageKind {
    EDIFACT_ORDERS(EdiProperties.Standard.EDIFACT, "ORDERS", "edi/edifact-orders", true),
    X12_850(EdiProperties.Standard.X12, "850", "edi/x12-850", true),
    EDIFACT_DESADV(EdiProperties.Standard.EDIFACT, "DESADV", "edi/edifact-desadv", false),
    X12_856(EdiProperties.Standard.X12, "856", "edi/x12-856", false);

    private final EdiProperties.Standard standard;
    private final String type;
    private final String mapping;
    private final boolean order;

    EdiMessageKind(EdiProperties.Standard standard, String type, String mapping, boolean order) {
        this.standard = standard;
        this.type = type;
        this.mapping = mapping;
        this.order = order;
    }

    public static Optional<EdiMessageKind> of(EdiProperties.Standard standard, String type) {
        return Arrays.stream(values())
                .filter(k -> k.standard == standard && k.type.equals(type))
                .findFirst();
    }

    public EdiProperties.Standard standard() {
        return standard;
    }

    public String type() {
        return type;
    }

    public String mapping() {
        return mapping;
    }

    /** An order (order.placed), else a ship notice (a shipment report). */
    public boolean isOrder() {
        return order;
    }
}
