package io.junction.adapter.crm;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.Map;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Component;

/**
 * Health component {@code crm}: whether a CRM is configured, the circuit breaker's state and the outbox's rows per
 * status. A CRM that is not configured or unreachable never makes the hub DOWN: the hub keeps accepting traffic and
 * the outbox keeps the updates. Not configured → UNKNOWN; circuit open → DEGRADED (a status the default aggregation
 * ignores); otherwise UP.
 */
@Component
public class CrmHealthIndicator implements HealthIndicator {

    static final Status DEGRADED = new Status("DEGRADED", "the CRM is unavailable; updates wait in the outbox");

    private final CrmProperties crm;
    private final CircuitBreaker breaker;
    private final CrmOutbox outbox;

    public CrmHealthIndicator(CrmProperties crm, CircuitBreaker crmCircuitBreaker, CrmOutbox outbox) {
        this.crm = crm;
        this.breaker = crmCircuitBreaker;
        this.outbox = outbox;
    }

    @Override
    public Health health() {
        Map<String, Integer> rows;
        try {
            rows = outbox.counts();
        } catch (DataAccessException e) {
            // the hub database is gone: say so (DOWN), rather than fail the whole health endpoint with a 500
            return Health.down(e)
                    .withDetail("detail", "the outbox cannot be read")
                    .build();
        }
        if (!crm.enabled()) {
            return Health.unknown()
                    .withDetail("configured", false)
                    .withDetail("detail", "no CRM configured (junction.crm.enabled=false): outbox rows wait")
                    .withDetail("outbox", rows)
                    .build();
        }
        CircuitBreaker.State state = breaker.getState();
        Health.Builder health = state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN
                ? Health.status(DEGRADED)
                : Health.up();
        return health.withDetail("configured", true)
                .withDetail("baseUrl", crm.baseUrl())
                .withDetail("dialect", crm.dialect())
                .withDetail("circuitBreaker", state.name())
                .withDetail("outbox", rows)
                .build();
    }
}
