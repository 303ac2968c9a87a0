package io.junction.service.cases;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.adapter.crm.CrmOutbox;
import io.junction.canonical.CloudEvent;
import io.junction.canonical.EventType;
import io.junction.platform.bus.EventOutbox;
import io.junction.service.cases.ServiceRules.Level;
import io.junction.service.cases.ServiceRules.Rule;
import io.junction.view.customer.CustomerStore;
import io.junction.view.customer.GoldenCustomer;
import io.junction.view.intelligence.IntelligenceStore;
import io.junction.view.intelligence.Profile;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Applies the service rules to what happens to a customer, inside the transaction of the change that caused it: opens
 * or updates cases (one per problem), requests notifications, and announces both, to the bus through the event outbox
 * and to the CRM as tasks through the CRM outbox.
 */
@Component
public class ServiceDesk {

    private static final Logger log = LoggerFactory.getLogger(ServiceDesk.class);
    static final String SOURCE = "/service";
    public static final String TASK = "task";

    /**
     * Something that happened to a customer: the rule event, the customer, what it is about ({@code order:<id>},
     * {@code shipment:<id>}, {@code customer}), the cause's event id, the tier its conditions and service level use,
     * and facts for titles.
     */
    public record Trigger(
            String event,
            String customerId,
            String reference,
            String eventId,
            ServiceTier tier,
            Map<String, String> facts) {}

    private final ServiceRules rules;
    private final CaseStore cases;
    private final CustomerStore customers;
    private final IntelligenceStore intelligence;
    private final EventOutbox outbox;
    private final CrmOutbox crm;
    private final NotificationStore notifications;
    private final CaseTimeline timeline;
    private final ObjectMapper json;
    private final Clock clock;

    public ServiceDesk(
            ServiceRules rules,
            CaseStore cases,
            CustomerStore customers,
            IntelligenceStore intelligence,
            EventOutbox outbox,
            CrmOutbox crm,
            NotificationStore notifications,
            CaseTimeline timeline,
            ObjectMapper json,
            Clock clock) {
        this.rules = rules;
        this.cases = cases;
        this.customers = customers;
        this.intelligence = intelligence;
        this.outbox = outbox;
        this.crm = crm;
        this.notifications = notifications;
        this.timeline = timeline;
        this.json = json;
        this.clock = clock;
    }

    /** The customer's service tier now: their value tier, or BLACKLISTED. */
    public ServiceTier tierOf(String customerId) {
        return ServiceTier.of(intelligence.find(customerId).orElse(Profile.none()));
    }

    /** Every rule for the trigger's event whose conditions hold; what was done, for the log. */
    public List<String> handle(Trigger trigger) {
        GoldenCustomer customer = customers.byId(trigger.customerId()).orElseThrow();
        Profile profile = intelligence.find(trigger.customerId()).orElse(Profile.none());
        OffsetDateTime now = OffsetDateTime.now(clock);
        Map<String, String> facts = new HashMap<>(trigger.facts());
        facts.putIfAbsent("tier", trigger.tier().name());
        facts.putIfAbsent(
                "stage", profile.stage() == null ? "" : profile.stage().name());
        facts.putIfAbsent("customer", name(customer));
        return rules.forEvent(trigger.event()).stream()
                .filter(r -> holds(r, trigger, profile))
                .map(rule -> apply(rule, trigger, customer, facts, now))
                .toList();
    }

    private String apply(
            Rule rule, Trigger trigger, GoldenCustomer customer, Map<String, String> facts, OffsetDateTime now) {
        Level level = rules.level(rule, trigger.tier());
        String caseId = null;
        boolean opened = true;
        if (rule.caseSpec() != null) {
            CaseStore.Outcome outcome = cases.openOrUpdate(
                    trigger.customerId(),
                    rule.caseSpec().type(),
                    trigger.reference(),
                    rule.id(),
                    fill(rule.caseSpec().title(), facts),
                    facts.get("detail"),
                    trigger.tier(),
                    level.priority(),
                    now.plus(level.dueIn()),
                    trigger.eventId(),
                    now);
            caseId = outcome.serviceCase().id();
            opened = outcome.opened();
            announce(outcome.serviceCase(), opened ? EventType.CASE_OPENED : null, now);
        }
        // a repeated problem updates its case; the customer was told when it was opened
        String notified = rule.notification() != null && opened ? notify(rule, trigger, customer, caseId, now) : "";
        return rule.id() + (caseId == null ? "" : (opened ? " opened " : " updated ") + "case " + caseId) + notified;
    }

    /**
     * The case to the CRM as a task (every change), to the bus as {@code type} if given, and to its timeline: the step
     * is the event's type, else what the status says (updated, assigned, resolved, closed).
     */
    public void announce(ServiceCase c, EventType type, OffsetDateTime now) {
        String step = type != null
                ? type.type()
                : switch (c.status()) {
                    case OPEN -> "case.updated";
                    case ASSIGNED -> "case.assigned";
                    case RESOLVED -> "case.resolved";
                    case CLOSED -> "case.closed";
                };
        String note =
                switch (c.status()) {
                    case ASSIGNED -> c.assignee();
                    case RESOLVED, CLOSED -> c.resolution();
                    case OPEN -> null;
                };
        announce(c, type, step, note, now);
    }

    /** As {@link #announce(ServiceCase, EventType, OffsetDateTime)}, with the timeline's step and note given. */
    public void announce(ServiceCase c, EventType type, String step, String note, OffsetDateTime now) {
        timeline.record(c.id(), step, c.status(), note, now);
        ObjectNode data = json.valueToTree(c);
        ObjectNode task = json.createObjectNode().put("hubCustomerId", c.customerId());
        task.set("case", data);
        crm.enqueue(TASK, c.customerId(), task);
        if (type != null) {
            CloudEvent event = CloudEvent.of(UUID.randomUUID().toString(), SOURCE, type, "case/" + c.id(), now, data);
            outbox.add("case/" + c.id(), event, "customer:" + c.customerId());
        }
    }

    /**
     * Requests a notification on the customer's preferred channel, if they can be reached there (else e-mail, else
     * SMS); a marketing notification only to a customer who opted in.
     */
    private String notify(Rule rule, Trigger trigger, GoldenCustomer customer, String caseId, OffsetDateTime now) {
        if (rule.notification().marketing() && !Boolean.TRUE.equals(customer.marketingOptIn())) {
            log.debug(
                    "rule {}: no {} for customer {}, who has not opted in to marketing",
                    rule.id(),
                    rule.notification().template(),
                    customer.id());
            return ", no " + rule.notification().template() + " (no marketing opt-in)";
        }
        String channel = channel(customer);
        if (channel == null) {
            log.info(
                    "rule {}: customer {} has no e-mail or phone for {}",
                    rule.id(),
                    customer.id(),
                    rule.notification().template());
            return ", no " + rule.notification().template() + " (no contact)";
        }
        ObjectNode data = json.createObjectNode()
                .put("customerId", customer.id())
                .put("template", rule.notification().template())
                .put("purpose", rule.notification().purpose())
                .put("channel", channel)
                .put("email", customer.email())
                .put("phone", customer.phone())
                .put("firstName", customer.firstName())
                .put("rule", rule.id())
                .put("reference", trigger.reference())
                .put("caseId", caseId)
                .put("tier", trigger.tier().name());
        CloudEvent event = CloudEvent.of(
                UUID.randomUUID().toString(),
                SOURCE,
                EventType.NOTIFICATION_REQUESTED,
                "customer/" + customer.id(),
                now,
                data);
        outbox.add("notify/" + trigger.eventId(), event, "customer:" + customer.id());
        notifications.requested(
                event.id(), customer.id(), rule.id(), rule.notification().template(), data.toString(), now);
        return ", " + rule.notification().template() + " by " + channel;
    }

    /** The preferred channel if the customer can be reached on it; else e-mail; else SMS; else none. */
    static String channel(GoldenCustomer c) {
        String preferred = c.preferredChannel();
        boolean reachable = preferred != null
                && switch (preferred) {
                    case "EMAIL" -> c.email() != null;
                    case "SMS", "PHONE" -> c.phone() != null;
                    case "MAIL" -> c.address() != null;
                    default -> false;
                };
        if (reachable) {
            return preferred;
        }
        return c.email() != null ? "EMAIL" : c.phone() != null ? "SMS" : null;
    }

    private static boolean holds(Rule rule, Trigger trigger, Profile profile) {
        ServiceRules.When when = rule.when();
        if (when == null) {
            return true;
        }
        return (when.tiers() == null || when.tiers().contains(trigger.tier()))
                && (when.stages() == null || when.stages().contains(profile.stage()))
                && (when.upgrade() == null
                        || when.upgrade()
                                == Boolean.parseBoolean(trigger.facts().get("upgrade")));
    }

    private static String fill(String template, Map<String, String> facts) {
        String text = template;
        for (Map.Entry<String, String> fact : facts.entrySet()) {
            text = text.replace("{" + fact.getKey() + "}", fact.getValue() == null ? "" : fact.getValue());
        }
        return text.length() > 300 ? text.substring(0, 300) : text;
    }

    private static String name(GoldenCustomer c) {
        String name = ((c.firstName() == null ? "" : c.firstName()) + " " + (c.lastName() == null ? "" : c.lastName()))
                .trim();
        return !name.isEmpty() ? name : c.email() != null ? c.email() : c.id();
    }
}
