package io.junction.service.cases;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.platform.home.HubFiles;
import io.junction.view.intelligence.LifecycleStage;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.Yaml;

/**
 * The service rules file (config/service-rules.yml, docs/service.md), read once at start and checked: a rule
 * with an unknown event, an unknown key, or neither a case nor a notification stops the hub from starting, naming the
 * rule. One rule = an event + conditions + the case and/or notification it produces + service levels by tier.
 */
@Component
public class ServiceRules {

    /** The events rules can name (docs/service.md says where each comes from). */
    public static final Set<String> EVENTS = Set.of(
            "shipment.delayed",
            "shipment.exception",
            "order.backordered",
            "order.payment-failed",
            "order.returned",
            "order.delivered",
            "customer.tier-changed",
            "customer.lifecycle-changed",
            "notification.failed");

    /** Priority (1 = most urgent) and time until due. */
    public record Level(
            Integer priority, @JsonProperty("due-in") Duration dueIn) {}

    public record Escalation(
            @JsonProperty("max-level") int maxLevel,
            @JsonProperty("due-in") Duration dueIn) {}

    /** Conditions, all of which must hold: the customer's service tier, lifecycle stage, and (tier changes) a rise. */
    public record When(List<ServiceTier> tiers, List<LifecycleStage> stages, Boolean upgrade) {}

    public record CaseSpec(String type, String title) {}

    /** A message to the customer; marketing ones go only to customers who opted in. */
    public record NotificationSpec(String template, String purpose) {

        public boolean marketing() {
            return "marketing".equals(purpose);
        }
    }

    public record Rule(
            String id,
            String event,
            When when,
            @JsonProperty("case") CaseSpec caseSpec,
            NotificationSpec notification,
            @JsonProperty("service-levels") Map<ServiceTier, Level> serviceLevels) {}

    /**
     * Complaints logged through the API: the categories they are typed by, how long after the resolution the follow-up
     * is due, and service levels that override the defaults for complaints.
     */
    public record Complaints(
            List<String> categories,
            @JsonProperty("follow-up-after") Duration followUpAfter,
            @JsonProperty("service-levels") Map<ServiceTier, Level> serviceLevels) {}

    record File(
            @JsonProperty("service-levels") Map<ServiceTier, Level> serviceLevels,
            Escalation escalation,
            Complaints complaints,
            List<Rule> rules) {}

    private final Map<ServiceTier, Level> levels = new EnumMap<>(ServiceTier.class);
    private final Escalation escalation;
    private final Complaints complaints;
    private final List<Rule> rules;

    public ServiceRules(ObjectMapper json, HubFiles files) throws IOException {
        Resource source = files.serviceRules();
        String path = source.getDescription();
        File file;
        try (InputStream in = source.getInputStream()) {
            Object yaml = new Yaml().load(in);
            file = json.copy()
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .convertValue(yaml, File.class);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("service rules " + path + " cannot be read: " + e.getMessage(), e);
        }
        for (ServiceTier tier : ServiceTier.values()) {
            Level level =
                    file.serviceLevels() == null ? null : file.serviceLevels().get(tier);
            if (level == null
                    || level.priority() == null
                    || level.dueIn() == null
                    || level.priority() < 1
                    || level.priority() > 5) {
                throw new IllegalStateException(
                        "service rules " + path + ": service-levels." + tier + " needs a priority 1..5 and a due-in");
            }
            levels.put(tier, level);
        }
        if (file.escalation() == null || file.escalation().dueIn() == null) {
            throw new IllegalStateException("service rules " + path + ": escalation needs max-level and due-in");
        }
        escalation = file.escalation();
        Complaints c = file.complaints();
        if (c == null || c.categories() == null || c.categories().isEmpty() || c.followUpAfter() == null) {
            throw new IllegalStateException(
                    "service rules " + path + ": complaints needs categories and follow-up-after");
        }
        complaints = c;
        List<Rule> checked = new ArrayList<>();
        for (Rule rule : file.rules() == null ? List.<Rule>of() : file.rules()) {
            String name = "service rule '" + rule.id() + "' in " + path;
            if (rule.id() == null || !EVENTS.contains(rule.event())) {
                throw new IllegalStateException(name + ": event must be one of " + EVENTS + ", not " + rule.event());
            }
            if (rule.caseSpec() == null && rule.notification() == null) {
                throw new IllegalStateException(name + ": produces neither a case nor a notification");
            }
            if (rule.caseSpec() != null
                    && (rule.caseSpec().type() == null || rule.caseSpec().title() == null)) {
                throw new IllegalStateException(name + ": a case needs a type and a title");
            }
            if (rule.notification() != null
                    && (rule.notification().template() == null
                            || !Set.of("service", "marketing")
                                    .contains(rule.notification().purpose()))) {
                throw new IllegalStateException(
                        name + ": a notification needs a template and a purpose (service or marketing)");
            }
            checked.add(rule);
        }
        rules = List.copyOf(checked);
    }

    /** The rules for an event, in file order. */
    public List<Rule> forEvent(String event) {
        return rules.stream().filter(r -> r.event().equals(event)).toList();
    }

    /** The service level of a tier under a rule: the rule's own where it sets one, else the defaults. */
    public Level level(Rule rule, ServiceTier tier) {
        return level(rule.serviceLevels(), tier);
    }

    /** The service level of a complaint by a customer of this tier. */
    public Level complaintLevel(ServiceTier tier) {
        return level(complaints.serviceLevels(), tier);
    }

    public Complaints complaints() {
        return complaints;
    }

    private Level level(Map<ServiceTier, Level> overrides, ServiceTier tier) {
        Level own = overrides == null ? null : overrides.get(tier);
        Level base = levels.get(tier);
        if (own == null) {
            return base;
        }
        return new Level(
                own.priority() != null ? own.priority() : base.priority(),
                own.dueIn() != null ? own.dueIn() : base.dueIn());
    }

    public Escalation escalation() {
        return escalation;
    }
}
