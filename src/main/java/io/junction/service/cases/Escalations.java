package io.junction.service.cases;

import io.junction.canonical.EventType;
import java.time.Clock;
import java.time.OffsetDateTime;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The escalation sweep (one instance, by lease): an open case past its due time escalates one level (priority up,
 * escalation count, new due time, {@code case.escalated}, the CRM task updated), once per level, up to the rules
 * file's max-level. Each level is a conditional update on the level the sweep saw, so two sweeps never escalate twice.
 */
@Component
public class Escalations {

    private static final Logger log = LoggerFactory.getLogger(Escalations.class);

    private final CaseStore cases;
    private final ServiceRules rules;
    private final ServiceDesk desk;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public Escalations(
            CaseStore cases, ServiceRules rules, ServiceDesk desk, TransactionTemplate transaction, Clock clock) {
        this.cases = cases;
        this.rules = rules;
        this.desk = desk;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** One sweep; how many cases escalated. */
    public int sweep() {
        return sweepAt(OffsetDateTime.now(clock));
    }

    /** One sweep as of {@code now}; how many cases escalated. */
    int sweepAt(OffsetDateTime now) {
        ServiceRules.Escalation escalation = rules.escalation();
        int escalated = 0;
        for (String[] due : cases.overdue(now, escalation.maxLevel())) {
            Boolean done = transaction.execute(tx -> {
                if (!cases.escalate(due[0], Integer.parseInt(due[1]), now, escalation.dueIn())) {
                    return false;
                }
                ServiceCase c = cases.find(due[0]).orElseThrow();
                desk.announce(c, EventType.CASE_ESCALATED, now);
                log.info(
                        "case {} ({} of customer {}) overdue: escalated to level {}, priority {}",
                        c.id(),
                        c.type(),
                        c.customerId(),
                        c.escalationLevel(),
                        c.priority());
                return true;
            });
            escalated += Boolean.TRUE.equals(done) ? 1 : 0;
        }
        return escalated;
    }
}
