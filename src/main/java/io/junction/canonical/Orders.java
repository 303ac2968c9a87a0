package io.junction.canonical;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

public final class Orders {

    private Orders() {}

    /** The hub id of an order is derived from its source identity, so every instance and adapter computes the same. */
    public static String hubId(Order order) {
        return hubId(order.sourceSystem(), order.sourceOrderId());
    }

    public static String hubId(String sourceSystem, String sourceOrderId) {
        return UUID.nameUUIDFromBytes(("order/" + sourceSystem + "/" + sourceOrderId).getBytes(StandardCharsets.UTF_8))
                .toString();
    }
}
