package io.junction.adapter.crm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.canonical.Customer;
import io.junction.canonical.Order;
import io.junction.view.customer.CustomerChange;
import io.junction.view.customer.CustomerField;
import io.junction.view.customer.CustomerStore;
import io.junction.view.customer.GoldenCustomer;
import io.junction.view.customer.Survivorship;
import io.junction.view.intelligence.IntelligenceStore;
import io.junction.view.intelligence.Profile;
import io.junction.view.intelligence.ProfileChange;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Turns customer-view changes into CRM outbox rows, in the change's own transaction (the customer view's fan-out,
 * direct:crm-sync, and the intelligence's profile changes):
 * <ul>
 *   <li>a customer created, merged (a new source id linked) or with changed values → a customer upsert;</li>
 *   <li>an order created or moved to a new status → an order activity;</li>
 *   <li>a change whose only origin is the CRM → nothing (the CRM has it already), unless the hub kept another
 *       value for a field the CRM reported (the CRM lost a conflict): then the CRM gets the hub's record back;</li>
 *   <li>a changed profile (tier, RFM, lifecycle stage, values, blacklist flag) → the customer upsert waiting in the
 *       outbox carries it, else a new upsert ({@code change: intelligence}); a blacklist flag the CRM itself set is not
 *       sent back.</li>
 * </ul>
 * Every upsert carries the customer's profile as {@code intelligence}, and the blacklist flag in {@code customer}.
 */
@Component
public class CustomerSync {

    private final CrmOutbox outbox;
    private final CrmConflicts conflicts;
    private final CustomerStore customers;
    private final ObjectMapper json;
    private final String crm;
    private final IntelligenceStore intelligence;

    public CustomerSync(
            CrmOutbox outbox,
            CrmConflicts conflicts,
            CustomerStore customers,
            ObjectMapper json,
            CrmProperties properties,
            IntelligenceStore intelligence) {
        this.outbox = outbox;
        this.conflicts = conflicts;
        this.customers = customers;
        this.json = json;
        this.crm = properties.system();
        this.intelligence = intelligence;
    }

    /** The customer view's changes of a batch, in order: the customers' upserts and the orders' activities. */
    public void viewChanged(List<CustomerChange> changes) throws Exception {
        CustomerChange.forEach(changes, change -> {
            if (change instanceof CustomerChange.CustomerMerged merged) {
                customerMerged(merged);
            } else if (change instanceof CustomerChange.OrderChanged order) {
                orderChanged(order);
            }
        });
    }

    private void customerMerged(CustomerChange.CustomerMerged merged) {
        Optional<GoldenCustomer> before = merged.before();
        GoldenCustomer after = merged.after();
        Customer reported = merged.reported();
        before.ifPresent(b -> conflicts.record(b, reported, after));
        String change;
        if (crm.equals(reported.sourceSystem())) {
            change = crmLostAField(reported, after) ? "conflict" : null;
        } else if (before.isEmpty()) {
            change = "created";
        } else if (Survivorship.changedValues(before.get(), after)) {
            change = "updated";
        } else {
            change = merged.newLink() ? "merged" : null;
        }
        if (change != null) {
            outbox.enqueue(CrmOutbox.CUSTOMER_UPSERT, after.id(), customerPayload(after, change));
        }
    }

    private void orderChanged(CustomerChange.OrderChanged changed) {
        Order order = changed.order();
        ObjectNode payload = json.createObjectNode();
        payload.put("hubCustomerId", changed.customerId())
                .put("hubOrderId", changed.orderId())
                .put("eventId", changed.eventId())
                .put("sourceSystem", order.sourceSystem())
                .put("sourceOrderId", order.sourceOrderId())
                .put("orderNumber", order.orderNumber())
                .put("status", changed.status().name())
                .put(
                        "previousStatus",
                        changed.previous() == null ? null : changed.previous().name())
                .put("currency", order.currency())
                .put("total", order.total())
                .put(
                        "placedAt",
                        order.placedAt() == null ? null : order.placedAt().toString())
                .put(
                        "at",
                        order.sourceTime() == null ? null : order.sourceTime().toString())
                .put("statusReason", order.statusReason());
        outbox.enqueue(CrmOutbox.ORDER_ACTIVITY, changed.customerId(), payload);
    }

    /** direct:profile-changed (routes/customer-view.camel.yaml): a batch's changed profiles, in turn. */
    public void profilesChanged(List<ProfileChange> changes) throws Exception {
        ProfileChange.forEach(changes, this::profileChanged);
    }

    private void profileChanged(ProfileChange change) {
        String customerId = change.customerId();
        Profile after = change.after();
        String origin = change.origin();
        if (crm.equals(origin)) {
            return;
        }
        // the upsert still waiting for this customer (the one of their first order, say) takes the new profile along
        if (!outbox.amendPending(CrmOutbox.CUSTOMER_UPSERT, customerId, payload -> withProfile(payload, after))) {
            outbox.enqueue(
                    CrmOutbox.CUSTOMER_UPSERT,
                    customerId,
                    customerPayload(customers.byId(customerId).orElseThrow(), "intelligence"));
        }
    }

    /**
     * The customer-upsert payload: the golden record's canonical fields with the blacklist flag, its hub id, every
     * system's ids, and the profile as {@code intelligence}.
     */
    private ObjectNode customerPayload(GoldenCustomer golden, String change) {
        Customer state = new Customer(
                null,
                null,
                golden.email(),
                golden.phone(),
                golden.firstName(),
                golden.lastName(),
                golden.address(),
                golden.marketingOptIn(),
                golden.preferredChannel(),
                null);
        ObjectNode payload = json.createObjectNode();
        payload.put("hubCustomerId", golden.id()).put("change", change);
        payload.set("customer", json.valueToTree(state));
        payload.set("externalIds", json.valueToTree(customers.externalIds(golden.id())));
        payload.put("updatedAt", golden.updatedAt().toString());
        intelligence.find(golden.id()).ifPresent(profile -> withProfile(payload, profile));
        return payload;
    }

    /** Sets the profile on an upsert payload; "not blacklisted" is left out, as the CRM's echo of it would be. */
    private static ObjectNode withProfile(ObjectNode payload, Profile profile) {
        profile.writeTo(payload.putObject("intelligence"));
        ObjectNode customer = payload.withObject("customer");
        if (profile.blacklisted()) {
            customer.put("blacklisted", true);
        } else {
            customer.remove("blacklisted");
        }
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
