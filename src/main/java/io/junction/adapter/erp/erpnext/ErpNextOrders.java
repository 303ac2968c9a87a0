package io.junction.adapter.erp.erpnext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.adapter.erp.OrderHandoff;
import io.junction.canonical.CanonicalEvents;
import io.junction.canonical.CloudEvent;
import io.junction.canonical.Order;
import io.junction.canonical.Orders;
import io.junction.platform.failure.ProblemException;
import io.junction.platform.mapping.Mappings;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Orders to ERPNext (junction.erp.mode=erpnext): an order's CREATE becomes a submitted Sales Order (its buyer's
 * Customer created if needed), its CANCEL cancels that Sales Order. The Sales Order's {@code po_no} is the hub's order
 * id, and every action first looks the Sales Order up by it, so a redelivered or repeated event never makes a second
 * one or cancels twice. An UPDATE is not sent: a submitted Sales Order changes in ERPNext (Update Items), not by the hub.
 * ERPNext down (5xx, no answer) or refusing the credentials: the exception propagates and the event is retried, then
 * dead-lettered; ERPNext refusing the order itself (417 validation, 404, 409): dead-lettered at once with its reason.
 */
@Component
public class ErpNextOrders extends OrderHandoff {

    static final String DOCTYPE = "Sales Order";

    private final ObjectMapper json;
    private final ErpNextClient client;
    private final ErpNextCustomers customers;
    private final ErpNextOrderStore store;
    private final Mappings mappings;
    private final ErpNextProperties erpnext;
    private final Clock clock;

    public ErpNextOrders(
            CanonicalEvents events,
            ObjectMapper json,
            ErpNextClient client,
            ErpNextCustomers customers,
            ErpNextOrderStore store,
            Mappings mappings,
            ErpNextProperties erpnext,
            Clock clock) {
        super(events, json);
        this.json = json;
        this.client = client;
        this.customers = customers;
        this.store = store;
        this.mappings = mappings;
        this.erpnext = erpnext;
        this.clock = clock;
    }

    @Override
    protected String handOver(CloudEvent event, Order order, String action) {
        String what = action + " of order " + order.sourceSystem() + "/" + order.sourceOrderId();
        try {
            return switch (action) {
                case "CREATE" -> create(Orders.hubId(order), order, what);
                case "CANCEL" -> cancel(Orders.hubId(order), what);
                default -> what + " not sent: a submitted Sales Order changes in ERPNext";
            };
        } catch (ErpNextException e) {
            if (e.retryable() || e.authentication()) {
                throw e;
            }
            throw new ProblemException(
                    422, "Unprocessable content", "ERPNext refused the " + what + ": " + e.getMessage());
        }
    }

    private String create(String ref, Order order, String what) {
        Optional<JsonNode> existing = salesOrder(ref);
        if (existing.isPresent()) {
            String name = existing.get().path("name").asText();
            store.remember(ref, name, order);
            return what + " is Sales Order " + name + " already";
        }
        LocalDate date = (order.placedAt() != null ? order.placedAt() : OffsetDateTime.now(clock))
                .atZoneSameInstant(erpnext.zone())
                .toLocalDate();
        JsonNode doc = mappings.apply(
                "erp/erpnext/sales-order",
                json.valueToTree(order),
                Map.of(
                        "customer",
                        customers.ensure(order.customer()),
                        "poNo",
                        ref,
                        "transactionDate",
                        date.toString(),
                        "deliveryDate",
                        date.plusDays(erpnext.deliveryDays()).toString()));
        String name = client.insert(DOCTYPE, doc).path("name").asText();
        store.remember(ref, name, order);
        return what + " handed over as Sales Order " + name;
    }

    private String cancel(String ref, String what) {
        Optional<JsonNode> existing = salesOrder(ref);
        if (existing.isEmpty()) {
            return what + ": no Sales Order has po_no " + ref + ", nothing to cancel";
        }
        String name = existing.get().path("name").asText();
        int docstatus = existing.get().path("docstatus").asInt();
        if (docstatus != 1) {
            return what + ": Sales Order " + name + " is "
                    + (docstatus == 2 ? "cancelled already" : "a draft, not submitted");
        }
        client.call("frappe.client.cancel", Map.of("doctype", DOCTYPE, "name", name));
        return what + ": Sales Order " + name + " cancelled";
    }

    /** The Sales Order made for the hub's order {@code ref}, if any (the first, should someone have copied it). */
    private Optional<JsonNode> salesOrder(String ref) {
        return client
                .list(
                        DOCTYPE,
                        List.of("name", "docstatus", "status"),
                        List.of(List.of("po_no", "=", ref)),
                        "creation asc",
                        1)
                .stream()
                .findFirst();
    }
}
