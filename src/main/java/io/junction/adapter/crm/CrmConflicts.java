package io.junction.adapter.crm;

import io.junction.canonical.Customer;
import io.junction.view.customer.CustomerField;
import io.junction.view.customer.FieldSource;
import io.junction.view.customer.GoldenCustomer;
import io.junction.view.customer.Survivorship;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Records every conflict between the CRM and another system: a report in which one of them gives a field a value
 * other than the one the other set. Survivorship has already decided it (contact preferences: the CRM wins by its
 * trust list; everything else, the address included: the most recent report wins); this says who won and by which
 * rule, in the log (without the values: they are personal data) and in the table crm_conflict (with them).
 */
@Component
public class CrmConflicts {

    private static final Logger log = LoggerFactory.getLogger(CrmConflicts.class);

    private final JdbcTemplate jdbc;
    private final Survivorship survivorship;
    private final String crm;
    private final Clock clock;

    public CrmConflicts(JdbcTemplate jdbc, Survivorship survivorship, CrmProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.survivorship = survivorship;
        this.crm = properties.system();
        this.clock = clock;
    }

    public void record(GoldenCustomer before, Customer reported, GoldenCustomer after) {
        for (CustomerField field : CustomerField.values()) {
            Object claim = field.reportedBy(reported);
            Object held = field.heldBy(before);
            FieldSource holder = before.provenance().get(field);
            if (claim == null
                    || held == null
                    || holder == null
                    || Objects.equals(claim, held)
                    || holder.source().equals(reported.sourceSystem())
                    || !(crm.equals(holder.source()) || crm.equals(reported.sourceSystem()))) {
                continue;
            }
            boolean claimWon = Objects.equals(claim, field.heldBy(after));
            String winner = claimWon ? reported.sourceSystem() : holder.source();
            String rule = survivorship.decidedByTrust(field, reported.sourceSystem(), holder.source())
                    ? "trust"
                    : "most-recent";
            boolean crmClaims = crm.equals(reported.sourceSystem());
            jdbc.update(
                    "insert into crm_conflict (customer_id, field, crm_value, other_value, other_source, winner, rule, recorded_at) "
                            + "values (?, ?, ?, ?, ?, ?, ?, ?)",
                    after.id(),
                    field.key(),
                    String.valueOf(crmClaims ? claim : held),
                    String.valueOf(crmClaims ? held : claim),
                    crmClaims ? holder.source() : reported.sourceSystem(),
                    winner,
                    rule,
                    OffsetDateTime.now(clock));
            log.info(
                    "CRM conflict on {} of customer {}: {} says one value, {} another; {} wins by {}",
                    field.key(),
                    after.id(),
                    reported.sourceSystem(),
                    holder.source(),
                    winner,
                    rule);
        }
    }
}
