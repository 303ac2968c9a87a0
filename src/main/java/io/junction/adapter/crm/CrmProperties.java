package io.junction.adapter.crm;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code junction.crm.*}: the CRM this hub keeps in step (config/application.yml documents each key). Off unless
 * {@code enabled}: then outbox rows wait, and the health indicator says so.
 *
 * @param system       the CRM's name as a source system (the {@code sourceSystem} of what it reports)
 * @param dialect      the mapping folder below mappings/crm/ (generic, hubspot)
 * @param paths        outbox kind (customer-upsert, order-activity, task...) → path below baseUrl; plus "modified",
 *                     the poller's "modified since" endpoint
 * @param responseId   JSON pointer to the CRM's own id in its answer to a customer upsert
 */
@ConfigurationProperties("junction.crm")
public record CrmProperties(
        boolean enabled,
        String system,
        String dialect,
        String baseUrl,
        Map<String, String> paths,
        String responseId,
        Auth auth,
        Drain drain,
        Poll poll,
        Webhook webhook,
        CircuitBreaker circuitBreaker,
        Duration echoWindow) {

    public CrmProperties {
        system = system == null ? "crm" : system;
        dialect = dialect == null ? "generic" : dialect;
        paths = paths == null ? Map.of() : Map.copyOf(paths);
        responseId = responseId == null ? "/id" : responseId;
        auth = auth == null ? new Auth(null, null, null, null, null, null, null) : auth;
        drain = drain == null ? new Drain(0, 0, null, null) : drain;
        poll = poll == null ? new Poll(null) : poll;
        webhook = webhook == null ? new Webhook(null, null) : webhook;
        circuitBreaker = circuitBreaker == null ? new CircuitBreaker(0, 0, 0, null) : circuitBreaker;
        echoWindow = echoWindow == null ? Duration.ofHours(24) : echoWindow;
    }

    /** The mapping of one outbox kind, or of "inbound" (a CRM record → canonical customer). */
    public String mapping(String kind) {
        return "crm/" + dialect + "/" + kind;
    }

    public String url(String kind) {
        String path = paths.get(kind);
        if (path == null) {
            throw new IllegalStateException("no CRM path for '" + kind + "': set junction.crm.paths." + kind);
        }
        return baseUrl + path;
    }

    /**
     * How the hub authenticates: {@code header} (a fixed header, e.g. Authorization: Bearer <private app token>),
     * {@code oauth2} (client credentials at tokenUrl, the token cached until shortly before it expires) or {@code none}.
     */
    public record Auth(
            String mode,
            String header,
            String value,
            String tokenUrl,
            String clientId,
            String clientSecret,
            String scope) {

        public Auth {
            mode = mode == null ? "none" : mode;
            header = header == null ? "Authorization" : header;
        }
    }

    /**
     * The outbox drain: batch size, lease, and the back-off of retries while the CRM is unavailable (doubling from
     * initial to max, for as long as the outage lasts). (How often it runs, drain.poll-ms, is the route's timer.)
     */
    public record Drain(int batchSize, long claimLeaseSeconds, Duration initialDelay, Duration maxDelay) {

        public Drain {
            batchSize = batchSize <= 0 ? 50 : batchSize;
            claimLeaseSeconds = claimLeaseSeconds <= 0 ? 50 : claimLeaseSeconds;
            initialDelay = initialDelay == null ? Duration.ofSeconds(2) : initialDelay;
            maxDelay = maxDelay == null ? Duration.ofMinutes(10) : maxDelay;
        }
    }

    /**
     * The "modified since" poller, for CRMs without webhooks: {@code initial} is how far back a first poll starts.
     * (Whether and how often it runs, poll.enabled and poll.period-ms, is the route's timer.)
     */
    public record Poll(Duration initial) {

        public Poll {
            initial = initial == null ? Duration.ofDays(1) : initial;
        }
    }

    /** The CRM's webhook: HMAC-SHA256 of the raw body, hex with "sha256=" in {@code signatureHeader}. */
    public record Webhook(String secret, String signatureHeader) {

        public Webhook {
            signatureHeader = signatureHeader == null ? "X-Junction-Signature" : signatureHeader;
        }
    }

    /**
     * The circuit breaker around CRM calls: it opens when {@code failureRate} percent of the last {@code window} calls
     * (at least {@code minimumCalls}) failed, stays open for {@code waitOpen}, then lets a few trial calls through.
     */
    public record CircuitBreaker(int failureRate, int window, int minimumCalls, Duration waitOpen) {

        public CircuitBreaker {
            failureRate = failureRate <= 0 ? 50 : failureRate;
            window = window <= 0 ? 20 : window;
            minimumCalls = minimumCalls <= 0 ? 5 : minimumCalls;
            waitOpen = waitOpen == null ? Duration.ofSeconds(30) : waitOpen;
        }
    }
}
