package io.junction.view.intelligence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.canonical.CloudEvent;
import io.junction.canonical.EventType;
import io.junction.canonical.FieldError;
import io.junction.platform.bus.EventCause;
import io.junction.platform.bus.EventOutbox;
import io.junction.platform.failure.ProblemException;
import io.junction.view.customer.CustomerChange;
import io.junction.view.customer.CustomerDocumentPart;
import io.junction.view.customer.CustomerStore;
import io.junction.view.customer.GoldenCustomer;
import jakarta.annotation.PostConstruct;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps every customer's profile (tier, RFM, lifecycle stage, lifetime and average order value, blacklist flag):
 * <ul>
 *   <li><b>incrementally</b>, inside the customer view's transaction, whenever one of the customer's orders is created
 *       or moves (status or payment): the customer's facts are classified against the {@link Thresholds} of the last
 *       full ranking, in O(1) whatever the size of the base; a tier change is admitted by the caps of
 *       {@link TierCaps}, so no tier ever holds more than its share plus the tolerance;</li>
 *   <li><b>fully</b>, by the scheduled job (one instance, by lease): every customer recomputed and re-ranked as of now,
 *       which stores new thresholds and moves customers whom time or others' orders moved (a trailing window passing,
 *       a lifecycle stage ageing, a tier grown past its share): hourly, and at once when the rebalance check finds
 *       a promotion refused or the base grown ({@link #rebalance}).</li>
 * </ul>
 * A changed profile is stored and announced ({@link ProfileChanges}: the service rules, the tier-loss rule, the CRM
 * sync) in the same transaction; a changed tier also writes {@code customer.tier-changed} to the event outbox. In
 * the customer view's fan-out it runs before the service rules (routes/customer-view.camel.yaml), so they see the
 * profile with the batch's changes counted.
 */
@Component
// its part of the customer document comes first
@org.springframework.core.annotation.Order(0)
public class CustomerIntelligence implements CustomerDocumentPart {

    private static final Logger log = LoggerFactory.getLogger(CustomerIntelligence.class);
    static final String SOURCE = "/intelligence";

    private final IntelligenceStore store;
    private final IntelligenceCalculator calculator;
    private final TierCaps caps;
    private final EventOutbox outbox;
    private final CustomerStore customers;
    private final ProfileChanges profileChanges;
    private final ObjectMapper json;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final RankingPace pace;

    public CustomerIntelligence(
            IntelligenceStore store,
            IntelligenceProperties properties,
            EventOutbox outbox,
            CustomerStore customers,
            ProfileChanges profileChanges,
            ObjectMapper json,
            TransactionTemplate transaction,
            Clock clock) {
        this.store = store;
        this.calculator = new IntelligenceCalculator(properties);
        this.caps = calculator.caps();
        this.outbox = outbox;
        this.customers = customers;
        this.profileChanges = profileChanges;
        this.json = json;
        this.transaction = transaction;
        this.clock = clock;
        this.pace = new RankingPace(properties.rebalanceMaxShare());
    }

    /**
     * The customer view's fan-out (direct:customer-intelligence), in the batch's transaction: a blacklist flag a source
     * reported is set or cleared; a customer whose order was created or moved (status or payment) is recomputed.
     */
    public void viewChanged(List<CustomerChange> changes) throws Exception {
        // one change per customer, from the profile before the batch to the profile after it
        Map<String, ProfileChange> changed = new LinkedHashMap<>();
        Consumer<ProfileChange> collect = change -> changed.merge(change.customerId(), change, ProfileChange::then);
        // the last full ranking's thresholds, read once for the batch: a ranking that stores new ones meanwhile leaves
        // the batch's customers as the old ones classified them until the next ranking (it skips customers whose
        // orders moved since its read), as it did an order classified just before it stored them
        Thresholds thresholds = store.thresholds().orElseGet(() -> Thresholds.none(now()));
        CustomerChange.forEach(changes, change -> {
            if (change instanceof CustomerChange.CustomerMerged merged
                    && merged.reported().blacklisted() != null) {
                blacklist(
                                merged.after().id(),
                                merged.reported().blacklisted(),
                                merged.reported().sourceSystem())
                        .ifPresent(collect);
            } else if (change instanceof CustomerChange.OrderChanged order) {
                recompute(order.customerId(), thresholds, "order").ifPresent(collect);
            } else if (change instanceof CustomerChange.PaymentChanged payment) {
                recompute(payment.customerId(), thresholds, "order").ifPresent(collect);
            }
        });
        // the batch's changed profiles fanned out together: one exchange per batch, not one per customer
        profileChanges.announce(List.copyOf(changed.values()));
    }

    /**
     * One customer classified against the thresholds of the last full ranking, in the caller's transaction. A tier
     * change is counted against the caps ({@link TierCaps}) under the tally's row lock: a rise into a tier at its cap
     * is refused (the customer gets the highest tier with room) and makes a re-rank due. The change, if the profile
     * changed, for the caller to announce.
     */
    Optional<ProfileChange> recompute(String customerId, Thresholds thresholds, String origin) {
        OffsetDateTime now = now();
        Optional<Profile> stored = store.find(customerId);
        Profile proposed = thresholds.classify(facts(customerId, stored, now));
        Tier before = stored.map(Profile::tier).orElse(Tier.LEAD);
        Profile after = proposed;
        if (proposed.tier() != before) {
            Tally tally = store.lockedTally();
            after = proposed.withTier(caps.admit(tally, before, proposed.tier()));
            store.saveTally(caps.move(tally, before, after.tier(), proposed.tier()));
            if (after.tier() != proposed.tier()) {
                log.info(
                        "customer {} qualifies for {} but the tier is at its cap ({} of a base of {}): {} until the re-rank",
                        customerId,
                        proposed.tier(),
                        tally.atOrAbove(proposed.tier().level()),
                        tally.population(),
                        after.tier());
            }
        }
        return apply(customerId, stored, after, origin, now);
    }

    /**
     * Thresholds from the stored profiles (each customer's measures as last computed, the unprofiled at 0), without
     * recomputing anyone: the first ranking of a hub that has none, at start-up, before the routes consume.
     */
    public Thresholds refreshThresholds() {
        List<Profile> profiles = new ArrayList<>();
        transaction.executeWithoutResult(tx -> store.forEachProfile((id, profile) -> profiles.add(profile)));
        long population = store.customerCount();
        Thresholds thresholds = calculator.thresholds(profiles, population, now());
        store.saveThresholds(thresholds);
        store.saveTally(
                Tally.of(population, profiles.stream().map(Profile::tier).toList()));
        return thresholds;
    }

    @PostConstruct
    void firstThresholds() {
        if (store.thresholds().isEmpty()) {
            Thresholds t = refreshThresholds();
            log.info("intelligence thresholds computed from {} stored customers", t.population());
        }
    }

    /**
     * Sets or clears the blacklist flag (from the CRM, or an operator), in the caller's transaction; the change, for
     * the caller to announce.
     */
    Optional<ProfileChange> blacklist(String customerId, boolean flag, String origin) {
        Optional<Profile> stored = store.find(customerId);
        Profile before = stored.orElse(Profile.none());
        return before.blacklisted() != flag
                ? apply(customerId, stored, before.withBlacklisted(flag), origin, now())
                : Optional.empty();
    }

    /** PUT /api/customers/{id}/blacklist with {"blacklisted": true|false}: the customer's profile as it now is. */
    public String blacklistByApi(@Header("id") String customerId, String body) throws Exception {
        JsonNode request = body == null || body.isBlank() ? null : json.readTree(body);
        if (request == null || !request.path("blacklisted").isBoolean()) {
            throw ProblemException.badRequest(
                    "say whether the customer is blacklisted",
                    new FieldError("$.blacklisted", "required, true or false"));
        }
        if (customers.byId(customerId).isEmpty()) {
            throw ProblemException.notFound("no customer with id " + customerId);
        }
        transaction.executeWithoutResult(tx -> {
            // as an order's transaction does: the ranking does not store this customer meanwhile
            customers.lock(customerId);
            blacklist(customerId, request.path("blacklisted").booleanValue(), "api")
                    .ifPresent(profileChanges::announce);
        });
        ObjectNode answer = json.createObjectNode().put("id", customerId);
        store.find(customerId).orElse(Profile.none()).writeTo(answer);
        return json.writeValueAsString(answer);
    }

    /**
     * The rebalance check (job {@code intelligence-rebalance}, every few seconds): the full recompute, if a promotion
     * was refused for a full tier or the base grew by more than half the tolerance since the last ranking; else
     * nothing but one count. Not while the last ranking's pause lasts ({@link RankingPace}). The number of profiles
     * that changed.
     */
    public synchronized int rebalance() {
        return pace.mayRank(System.nanoTime()) && caps.rerankDue(store.tally(), store.customerCount())
                ? recomputeAll()
                : 0;
    }

    /**
     * The full recompute (scheduled on one instance, by its routes' lease policy): every customer as of now; the number
     * of profiles that changed. The base is read twice, in pages (each customer's purchases, then the stored
     * profiles), so what it keeps in memory is one ranked profile per customer, not the whole base's rows.
     */
    public synchronized int recomputeAll() {
        long started = System.nanoTime();
        try {
            OffsetDateTime now = now();
            Map<String, Profile> ranked = new HashMap<>();
            transaction.executeWithoutResult(tx -> store.forEachCustomer(
                    (id, blacklisted, purchases) -> ranked.put(id, calculator.facts(purchases, blacklisted, now))));
            // the new thresholds and tally first: orders arriving meanwhile are classified and counted as this run
            // ranks everyone
            Thresholds thresholds = calculator.thresholds(ranked.values(), ranked.size(), now);
            ranked.replaceAll((id, facts) -> thresholds.classify(facts));
            store.saveThresholds(thresholds);
            store.saveTally(Tally.of(
                    ranked.size(), ranked.values().stream().map(Profile::tier).toList()));
            int changed = 0;
            for (Map.Entry<String, Profile> customer : moved(ranked).entrySet()) {
                // one transaction per customer: a failure rolls back that customer's update and ends the run (the
                // next one does what is left)
                if (Boolean.TRUE.equals(
                        transaction.execute(tx -> rerank(customer.getKey(), customer.getValue(), thresholds, now)))) {
                    changed++;
                }
            }
            transaction.executeWithoutResult(tx -> recount());
            if (changed > 0) {
                log.info(
                        "intelligence ranking: {} of {} customer profiles changed, in {} ms",
                        changed,
                        thresholds.population(),
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            }
            return changed;
        } finally {
            pace.ranked(started, System.nanoTime());
        }
    }

    /**
     * The customers whose ranked profile differs from the stored one, and those who have bought but have none yet:
     * each with the ranked profile. Takes them out of {@code ranked}.
     */
    private Map<String, Profile> moved(Map<String, Profile> ranked) {
        Map<String, Profile> moved = new HashMap<>();
        transaction.executeWithoutResult(tx -> store.forEachProfile((id, stored) -> {
            Profile after = ranked.remove(id);
            if (after != null && !stored.sameAs(after)) {
                moved.put(id, after);
            }
        }));
        ranked.forEach((id, after) -> {
            if (after.orderCount() > 0) {
                moved.put(id, after);
            }
        });
        ranked.clear();
        return moved;
    }

    /**
     * Stores (and announces) the profile the ranking gave a customer, unless the customer's orders moved since the
     * base was read: then what is stored came from those orders (classified and admitted by the caps as they were
     * applied), and the ranking, which did not see them, leaves it to the next run. Under the customer's row lock,
     * which an order's transaction holds too, so none of theirs is applied meanwhile. Whether the profile changed.
     */
    private boolean rerank(String customerId, Profile ranked, Thresholds thresholds, OffsetDateTime now) {
        customers.lock(customerId);
        Optional<Profile> stored = store.find(customerId);
        if (!thresholds.classify(facts(customerId, stored, now)).sameAs(ranked)) {
            return false;
        }
        Optional<ProfileChange> change = apply(customerId, stored, ranked, "recompute", now);
        change.ifPresent(profileChanges::announce);
        return change.isPresent();
    }

    /**
     * The tally as the profiles stand once the ranking has stored its moves (a customer it left to their orders
     * counted where those put them), under the tally's lock so that no order moves a tier meanwhile. The ranking's
     * population stays, and so do the promotions refused since it began.
     */
    private void recount() {
        Tally tally = store.lockedTally();
        store.saveTally(new Tally(tally.population(), store.membersAtOrAbove(), tally.refused()));
    }

    private Profile facts(String customerId, Optional<Profile> stored, OffsetDateTime now) {
        return calculator.facts(
                store.purchases(customerId), stored.map(Profile::blacklisted).orElse(false), now);
    }

    @Override
    public void addTo(String customerId, ObjectNode document) {
        store.find(customerId).orElse(Profile.none()).writeTo(document);
    }

    /** Stores a changed profile (and its tier change's event): the change, for the caller to announce. */
    private Optional<ProfileChange> apply(
            String customerId, Optional<Profile> stored, Profile after, String origin, OffsetDateTime now) {
        Profile before = stored.orElse(Profile.none());
        if (stored.isPresent() && before.sameAs(after)) {
            return Optional.empty();
        }
        store.save(customerId, after, now);
        if (after.tier() != before.tier()) {
            ObjectNode data = json.createObjectNode()
                    .put("customerId", customerId)
                    .put("previousTier", before.tier().name())
                    .put("tier", after.tier().name())
                    .put("tierValue", after.tierValue())
                    .put("changedAt", now.toString());
            customers.byId(customerId).map(GoldenCustomer::email).ifPresent(email -> data.put("email", email));
            CloudEvent event = CloudEvent.of(
                    UUID.randomUUID().toString(),
                    SOURCE,
                    EventType.CUSTOMER_TIER_CHANGED,
                    "customer/" + customerId,
                    now,
                    data);
            outbox.add("tier/" + customerId, event, "customer:" + customerId);
        }
        return Optional.of(new ProfileChange(customerId, before, after, origin, EventCause.current()));
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
