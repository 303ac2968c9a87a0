package io.junction.crm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.canonical.Customer;
import io.junction.canonical.Order;
import io.junction.canonical.OrderStatus;
import io.junction.customer.CustomerField;
import io.junction.customer.CustomerStore;
import io.junction.customer.CustomerViewListener;
import io.junction.customer.GoldenCustomer;
import io.junction.customer.Survivorship;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns customer-view changes into CRM outbox rows, in the change's own transaction:
 * <ul>
 *   <li>a customer created, merged (a new source id linked) or with changed values → a customer upsert;</li>
 *   <li>an order created or moved to a new status → an order activity;</li>
 *   <li>a change whose only origin is the CRM → nothing (the CRM has it already), unless the hub kept another
 *       value for a field the CRM reported (the CRM lost a conflict): then the CRM gets the hub's record back.</li>
 * </ul>
 */
@Component
public class CustomerSync implements CustomerViewListener {

    private final CrmOutbox outbox;
    private final CrmConflicts conflicts;
    private final CustomerStore customers;
    private final ObjectMapper json;
    private final String crm;

    public CustomerSync(CrmOutbox outbox, CrmConflicts conflicts, CustomerStore customers, ObjectMapper json, CrmProperties properties) {
        this.outbox = outbox;
        this.conflicts = conflicts;
        this.customers = customers;
        this.json = json;
        this.crm = properties.system();
    }

    @Override
    public void customerMerged(Optional<GoldenCustomer> before, GoldenCustomer after, Customer reported, OffsetDateTime at, boolean newLink) {
        before.ifPresent(b -> conflicts.record(b, reported, after));
        String change;
        if (crm.equals(reported.sourceSystem())) {
            change = crmLostAField(reported, after) ? "conflict" : null;
        } else if (before.isEmpty()) {
            change = "created";
        } else if (Survivorship.changedValues(before.get(), after)) {
            change = "updated";
        } else {
            change = newLink ? "merged" : null;
        }
        if (change != null) {
            outbox.enqueue(CrmOutbox.CUSTOMER_UPSERT, after.id(), customerPayload(after, change));
        }
    }

    @Override
    public void orderChanged(String customerId, String orderId, Order order, OrderStatus previous, OrderStatus status, String eventId) {
        ObjectNode payload = json.createObjectNode();
        payload.put("hubCustomerId", customerId).put("hubOrderId", orderId).put("eventId", eventId)
                .put("sourceSystem", order.sourceSystem()).put("sourceOrderId", order.sourceOrderId())
                .put("orderNumber", order.orderNumber()).put("status", status.name())
                .put("previousStatus", previous == null ? null : previous.name())
                .put("currency", order.currency()).put("total", order.total())
                .put("placedAt", order.placedAt() == null ? null : order.placedAt().toString())
                .put("at", order.sourceTime() == null ? null : order.sourceTime().toString())
                .put("statusReason", order.statusReason());
        outbox.enqueue(CrmOutbox.ORDER_ACTIVITY, customerId, payload);
    }

    /** The customer-upsert payload: the golden record's canonical fields, its hub id and every system's ids. */
    private ObjectNode customerPayload(GoldenCustomer golden, String change) {
        Customer state = new Customer(null, null, golden.email(), golden.phone(), golden.firstName(), golden.lastName(),
                golden.address(), golden.marketingOptIn(), golden.preferredChannel(), null);
        ObjectNode payload = json.createObjectNode();
        payload.put("hubCustomerId", golden.id()).put("change", change);
        payload.set("customer", json.valueToTree(state));
        payload.set("externalIds", json.valueToTree(customers.externalIds(golden.id())));
        payload.put("updatedAt", golden.updatedAt().toString());
        return payload;
    }

    private static boolean crmLostAField(Customer reported, GoldenCustomer after) {
        for (CustomerField field : CustomerField.values()) {
            Object claim = field.reportedBy(reported);
            if (claim != null && !Objects.equals(claim, field.heldBy(after))) {
                return true;
            }
        }
        return false;
    }
}
