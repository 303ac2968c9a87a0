package io.junction.adapter.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.junction.canonical.Customer;
import io.junction.platform.failure.Failures;
import io.junction.platform.mapping.MappedPost;
import io.junction.platform.mapping.Mappings;
import io.junction.view.customer.CustomerStore;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;

/**
 * The steps of the outbox drain (routes/crm.camel.yaml), one outbox row at a time: map it to the CRM's request,
 * authorize it, read the CRM's answer, and settle the row: SENT; PARKED for what the CRM refuses as bad (a 4xx other
 * than 401/408/429, a mapping that fails: a retry would fail the same way); back in the queue with back-off, for as
 * long as it lasts, when the CRM is unavailable (5xx, 408, 429, 401, no answer); back in the queue at no cost of an
 * attempt when the open circuit did not let the call through; HELD while its customer's upsert is parked (docs/crm.md).
 */
@Component
public class CrmDrain {

    private static final Logger log = LoggerFactory.getLogger(CrmDrain.class);
    private static final String ENTRY = "junctionCrmEntry";
    /** The exchange property the route sends the request to. */
    public static final String URL = "junctionCrmUrl";

    private static final String CLAIMED = "junctionCrmClaimed";
    private static final String DUE = "junctionCrmDue";

    /** The CRM could not take the request now; worth another try later. */
    public static class CrmUnavailableException extends RuntimeException {
        public CrmUnavailableException(String message) {
            super(message);
        }
    }

    private final CrmOutbox outbox;
    private final CrmPushes pushes;
    private final CrmAuth auth;
    private final CustomerStore customers;
    private final Mappings mappings;
    private final ObjectMapper json;
    private final CrmProperties crm;
    private final CircuitBreaker breaker;
    private final Clock clock;

    public CrmDrain(
            CrmOutbox outbox,
            CrmPushes pushes,
            CrmAuth auth,
            CustomerStore customers,
            Mappings mappings,
            ObjectMapper json,
            CrmProperties crm,
            CircuitBreaker crmCircuitBreaker,
            Clock clock) {
        this.outbox = outbox;
        this.pushes = pushes;
        this.auth = auth;
        this.customers = customers;
        this.mappings = mappings;
        this.json = json;
        this.crm = crm;
        this.breaker = crmCircuitBreaker;
        this.clock = clock;
    }

    /** Claims the next batch as the body; when there was nothing due, the drain loop ends. */
    public void claim(Exchange exchange) {
        List<CrmOutbox.Entry> batch = outbox.claim(crm.drain().batchSize());
        exchange.getMessage().setBody(batch);
        exchange.setProperty(CLAIMED, !batch.isEmpty());
    }

    /**
     * Prepares the CRM request of the row in the body, unless there is nothing to send (property junctionCrmDue):
     * an old customer upsert (replayed) that a newer one has overtaken, or a row whose claim ran out and another
     * instance took over.
     */
    public void prepare(Exchange exchange) throws Exception {
        exchange.setProperty(DUE, due(exchange));
    }

    private boolean due(Exchange exchange) throws Exception {
        CrmOutbox.Entry entry = exchange.getMessage().getBody(CrmOutbox.Entry.class);
        exchange.setProperty(ENTRY, entry);
        if (!outbox.renew(entry)) {
            log.info("CRM outbox entry {}: claim expired and taken over by another instance; left to it", entry.id());
            return false;
        }
        JsonNode payload = json.readTree(entry.payload());
        Optional<Long> refused = outbox.refusedUpsertBefore(entry);
        if (refused.isPresent() && !customers.externalIds(entry.customerId()).containsKey(crm.system())) {
            outbox.hold(
                    entry,
                    "held: the CRM refused this customer's upsert (row " + refused.get()
                            + "); sent once an upsert of theirs reaches the CRM");
            return false;
        }
        if (CrmOutbox.CUSTOMER_UPSERT.equals(entry.kind())) {
            if (outbox.newerUpsertSent(entry)) {
                outbox.skipped(entry, "superseded: a newer upsert of this customer reached the CRM");
                return false;
            }
            // remembered before the call: a CRM may fire its webhook on our update before it has even answered
            pushes.recordPush(
                    entry.customerId(), pushes.hash(json.treeToValue(payload.path("customer"), Customer.class)));
        }
        new MappedPost(mappings, json, crm.mapping(entry.kind()), auth.header(), null)
                .prepare(exchange.getMessage(), payload, Map.of("system", crm.system(), "kind", entry.kind()));
        exchange.setProperty(URL, crm.url(entry.kind()));
        return true;
    }

    /** The credential, inside the circuit breaker: a token endpoint that fails counts as the CRM failing. */
    public void authorize(Exchange exchange) throws Exception {
        String value = auth.value();
        if (value != null) {
            exchange.getMessage().setHeader(auth.header(), value);
        }
    }

    /** Settles the row by the CRM's answer; throws for an answer worth retrying, so the circuit breaker counts it. */
    public void answer(Exchange exchange) throws Exception {
        CrmOutbox.Entry entry = exchange.getProperty(ENTRY, CrmOutbox.Entry.class);
        int code = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String body = exchange.getMessage().getBody(String.class);
        if (code == 401) {
            auth.invalidate();
        }
        if (code == 401 || code == 408 || code == 429 || code >= 500) {
            throw new CrmUnavailableException("CRM answered HTTP " + code + excerpt(body));
        }
        if (code >= 300) {
            log.warn("CRM refused outbox entry {} ({}): HTTP {}; parked", entry.id(), entry.kind(), code);
            outbox.park(entry, "CRM refused it with HTTP " + code + excerpt(body));
            return;
        }
        outbox.sent(entry);
        if (CrmOutbox.CUSTOMER_UPSERT.equals(entry.kind())) {
            linkCrmId(entry, body);
            outbox.releaseHeld(entry.customerId());
        }
    }

    /**
     * The circuit breaker's fallback: the CRM is unavailable. A call the open circuit did not let through costs no
     * attempt; a failed call is retried with doubling back-off up to max-delay, however long the outage lasts.
     */
    public void unavailable(Exchange exchange) {
        CrmOutbox.Entry entry = exchange.getProperty(ENTRY, CrmOutbox.Entry.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        // with a fallback, Camel passes on only an exception the call itself raised: none means no call was made
        if (cause == null || cause instanceof CallNotPermittedException) {
            outbox.postpone(
                    entry,
                    "not attempted: the CRM circuit breaker is open (" + breaker.getState() + ")",
                    crm.circuitBreaker().waitOpen());
            return;
        }
        String reason = Failures.reason(cause);
        log.warn("CRM unavailable for outbox entry {} (attempt {}): {}", entry.id(), entry.attempts() + 1, reason);
        outbox.failed(entry, reason, backOff(entry.attempts()));
    }

    /** Anything else that failed on the way (a mapping that does not apply, say) will fail again: parked. */
    public void park(Exchange exchange) {
        CrmOutbox.Entry entry = exchange.getProperty(ENTRY, CrmOutbox.Entry.class);
        String reason = Failures.reason(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        log.warn("CRM outbox entry {} parked: {}", entry.id(), reason);
        outbox.park(entry, reason);
    }

    private Duration backOff(int attempts) {
        Duration delay = crm.drain().initialDelay().multipliedBy(1L << Math.min(attempts, 20));
        return delay.compareTo(crm.drain().maxDelay()) > 0 ? crm.drain().maxDelay() : delay;
    }

    /** Remembers the CRM's own id for the customer, from its answer, so that its reports find the golden record. */
    private void linkCrmId(CrmOutbox.Entry entry, String body) {
        if (body == null || body.isBlank()) {
            return;
        }
        try {
            String crmId = json.readTree(body).at(crm.responseId()).asText(null);
            if (crmId != null && !crmId.isBlank()) {
                customers.link(crm.system(), crmId, entry.customerId(), OffsetDateTime.now(clock));
            }
        } catch (DataIntegrityViolationException e) {
            log.debug("CRM id of customer {} linked concurrently", entry.customerId());
        } catch (java.io.IOException e) {
            log.warn("CRM answer to outbox entry {} is not JSON; its CRM id is not known yet", entry.id());
        }
    }

    private static String excerpt(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        return ": " + (body.length() > 500 ? body.substring(0, 500) + "…" : body);
    }
}
