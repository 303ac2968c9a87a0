package io.junction.service.cases;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.canonical.CloudEvent;
import io.junction.canonical.EventType;
import io.junction.platform.bus.EventOutbox;
import io.junction.service.cases.ServiceCase.Status;
import io.junction.service.cases.ServiceRules.Rule;
import io.junction.view.intelligence.Profile;
import io.junction.view.intelligence.ProfileChange;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * What the service rules did for a tier is undone when the customer loses it, in the transaction of the change: the
 * open case of a tier rule (a rule on {@code customer.tier-changed} or {@code customer.lifecycle-changed} whose
 * {@code when.tiers} the customer's service tier has left) is CLOSED with resolution "tier lost: …" and
 * {@code case.closed}, and its notifications still standing are WITHDRAWN with {@code notification.withdrawn}.
 * Lifecycle rules (win-back) are kept when the customer's own value fell: a lapsing high-value customer is what they
 * are for; they are withdrawn when a re-ranking found the customer was never worth the tier.
 */
@Component
public class TierLoss {

    private static final Logger log = LoggerFactory.getLogger(TierLoss.class);
    private static final String TIER_CHANGED = "customer.tier-changed";
    private static final String LIFECYCLE_CHANGED = "customer.lifecycle-changed";

    private final ServiceRules rules;
    private final CaseStore cases;
    private final NotificationStore notifications;
    private final ServiceDesk desk;
    private final EventOutbox outbox;
    private final ObjectMapper json;
    private final Clock clock;

    public TierLoss(
            ServiceRules rules,
            CaseStore cases,
            NotificationStore notifications,
            ServiceDesk desk,
            EventOutbox outbox,
            ObjectMapper json,
            Clock clock) {
        this.rules = rules;
        this.cases = cases;
        this.notifications = notifications;
        this.desk = desk;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    /** direct:profile-changed (routes/customer-view.camel.yaml): a batch's changed profiles, in turn. */
    public void profilesChanged(List<ProfileChange> changes) throws Exception {
        ProfileChange.forEach(changes, this::profileChanged);
    }

    private void profileChanged(ProfileChange change) {
        String customerId = change.customerId();
        Profile before = change.before();
        Profile after = change.after();
        if (!before.tier().above(after.tier())) {
            return;
        }
        ServiceTier tier = ServiceTier.of(after);
        boolean valueFell = after.tierValue().compareTo(before.tierValue()) < 0;
        String reason = "tier lost: " + before.tier() + " → " + after.tier() + (valueFell ? "" : " (re-ranked)");
        OffsetDateTime now = OffsetDateTime.now(clock);
        Stream.concat(rules.forEvent(TIER_CHANGED).stream(), rules.forEvent(LIFECYCLE_CHANGED).stream())
                .filter(rule -> rule.when() != null
                        && rule.when().tiers() != null
                        && !rule.when().tiers().contains(tier))
                .filter(rule -> rule.event().equals(TIER_CHANGED) || !valueFell)
                .forEach(rule -> withdraw(rule, customerId, reason, now));
    }

    private void withdraw(Rule rule, String customerId, String reason, OffsetDateTime now) {
        if (rule.caseSpec() != null) {
            cases.open(customerId, rule.caseSpec().type(), "customer")
                    .filter(c -> c.rule().equals(rule.id()))
                    .filter(c ->
                            cases.move(c.id(), List.of(Status.OPEN, Status.ASSIGNED), Status.CLOSED, null, reason, now))
                    .ifPresent(c -> {
                        desk.announce(cases.find(c.id()).orElseThrow(), EventType.CASE_CLOSED, now);
                        log.info("case {} ({} of customer {}) closed: {}", c.id(), c.type(), customerId, reason);
                    });
        }
        for (NotificationStore.Requested n : notifications.standing(customerId, rule.id())) {
            if (notifications.withdraw(n.id(), reason, now)) {
                ObjectNode data = read(n.data()).put("notificationId", n.id()).put("reason", reason);
                CloudEvent event = CloudEvent.of(
                        UUID.randomUUID().toString(),
                        ServiceDesk.SOURCE,
                        EventType.NOTIFICATION_WITHDRAWN,
                        "customer/" + customerId,
                        now,
                        data);
                outbox.add("withdraw/" + n.id(), event, "customer:" + customerId);
                log.info(
                        "notification {} ({} to customer {}) withdrawn: {}",
                        n.id(),
                        data.path("template").asText(),
                        customerId,
                        reason);
            }
        }
    }

    private ObjectNode read(String data) {
        try {
            return (ObjectNode) json.readTree(data);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
