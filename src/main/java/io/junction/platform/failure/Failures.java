package io.junction.platform.failure;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.FieldError;
import io.junction.canonical.InvalidEventException;
import io.junction.platform.bus.BusTopology;
import io.junction.platform.bus.BusUnavailableException;
import io.junction.platform.bus.EventHeaders;
import io.junction.platform.bus.batch.BatchEndpoint;
import io.junction.platform.bus.batch.BusMessage;
import jakarta.jms.JMSException;
import java.sql.SQLTransientConnectionException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.jms.JmsEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jms.JmsException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * What happens to an exchange that failed for good (the shared route configuration sends every such exchange
 * here): an HTTP caller gets an RFC 9457 problem; a bus message is dead-lettered with the reason attached.
 */
@Component("failures")
public class Failures {

    private static final Logger log = LoggerFactory.getLogger(Failures.class);
    public static final String PROBLEM_JSON = "application/problem+json";

    private final ObjectMapper json;

    public Failures(ObjectMapper json) {
        this.json = json;
    }

    public void handle(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Endpoint from = exchange.getFromEndpoint();
        if (from instanceof JmsEndpoint jms) {
            notWhileDown(exchange, cause);
            deadLetter(exchange, jms.getDestinationName(), cause);
        } else if (from instanceof BatchEndpoint batchEndpoint) {
            notWhileDown(exchange, cause);
            List<BusMessage> batch = BatchEndpoint.batchOf(exchange);
            if (batch.size() > 1) {
                // the batch consumer splits the batch and hands the halves again, until the failing message is alone
                throw new BatchFailedException(batch.size(), cause);
            }
            Message message = exchange.getMessage();
            message.setBody(batch.get(0).text());
            message.getHeaders().putAll(batch.get(0).properties());
            deadLetter(exchange, batchEndpoint.getDestinationName(), cause);
        } else {
            respond(exchange, problemFor(cause));
        }
    }

    /** Only when the hub stops mid-outage: the message goes back to the broker, never to a DLQ. */
    private static void notWhileDown(Exchange exchange, Throwable cause) {
        if (dependencyDown(cause)) {
            log.warn(
                    "not dead-lettering message {}: {}; the broker redelivers it",
                    exchange.getMessage().getHeader(EventHeaders.EVENT_ID),
                    reason(cause));
            throw new IllegalStateException("dependency unavailable, message rolled back", cause);
        }
    }

    /** A batch failed as a whole: not the reason of any one message yet. */
    static final class BatchFailedException extends RuntimeException {
        BatchFailedException(int size, Throwable cause) {
            super("a batch of " + size + " messages failed; split", cause);
        }
    }

    /** Writes a problem as the HTTP response, dropping every other header so nothing of the request echoes back. */
    public void respond(Exchange exchange, ProblemException problem) {
        Message out = exchange.getMessage();
        out.getHeaders().clear();
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, problem.status());
        out.setHeader(Exchange.CONTENT_TYPE, PROBLEM_JSON);
        if (problem.status() == 503) {
            out.setHeader("Retry-After", "5");
        }
        out.setBody(write(body(problem)));
    }

    /** The RFC 9457 members of a problem: type, title, status, detail, errors. */
    public static Map<String, Object> body(ProblemException problem) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(
                "type",
                "https://junction.io/problems/"
                        + problem.title().toLowerCase(Locale.ROOT).replace(' ', '-'));
        body.put("title", problem.title());
        body.put("status", problem.status());
        body.put("detail", problem.getMessage());
        body.put("errors", problem.errors());
        return body;
    }

    /** The answer to a webhook that could not be put on the bus: 503, answered with Retry-After. */
    private static ProblemException busUnavailable() {
        return new ProblemException(503, "Service unavailable", BusUnavailableException.DETAIL);
    }

    /** A refused input as the problem its sender gets; null for any other failure. */
    private static ProblemException refusal(Throwable cause) {
        if (cause instanceof ProblemException problem) {
            return problem;
        }
        if (cause instanceof InvalidEventException invalid) {
            return new ProblemException(422, "Unprocessable content", invalid.getMessage(), invalid.errors());
        }
        return null;
    }

    static ProblemException problemFor(Throwable cause) {
        ProblemException refused = refusal(cause);
        if (refused != null) {
            return refused;
        }
        if (cause instanceof BusUnavailableException) {
            return busUnavailable();
        }
        if (causedBy(cause, JMSException.class) || causedBy(cause, JmsException.class)) {
            log.warn("intake could not reach the broker: {}", cause.toString());
            return busUnavailable();
        }
        if (dependencyDown(cause)) {
            log.warn("a database is unavailable: {}", reason(cause));
            return new ProblemException(
                    503, "Service unavailable", "a database of the hub is unavailable; retry later");
        }
        log.error("unexpected failure", cause);
        return new ProblemException(
                500, "Internal server error", "the hub failed to process the request; nothing was accepted");
    }

    private void deadLetter(Exchange exchange, String destination, Throwable cause) {
        String queue = destination.contains("::") ? destination.substring(destination.indexOf("::") + 2) : destination;
        Message message = exchange.getMessage();
        message.setHeader(EventHeaders.DEAD_LETTER_REASON, reason(cause));
        message.setHeader(
                EventHeaders.DEAD_LETTER_EXCEPTION,
                cause == null ? null : cause.getClass().getName());
        message.setHeader(
                EventHeaders.DEAD_LETTER_ROUTE, exchange.getProperty(Exchange.FAILURE_ROUTE_ID, String.class));
        message.setHeader(EventHeaders.ORIGINAL_QUEUE, destination);
        message.setHeader(EventHeaders.DEAD_LETTER_QUEUE, BusTopology.deadLetterQueueOf(queue));
        log.warn(
                "dead-lettering message {} from {}: {}",
                message.getHeader(EventHeaders.EVENT_ID),
                destination,
                reason(cause));
    }

    public static String reason(Throwable cause) {
        if (cause == null) {
            return "unknown";
        }
        ProblemException problem = refusal(cause);
        if (problem != null) {
            List<FieldError> errors = problem.errors();
            return problem.getMessage() + (errors.isEmpty() ? "" : " " + errors);
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    /**
     * A database the hub depends on cannot be reached (no connection, no transaction, a commit cut off): worth waiting
     * for, never a reason to give up on a message. routes/error-handling.camel.yaml retries these without limit.
     */
    public static boolean dependencyDown(Throwable cause) {
        return causedBy(cause, DataAccessResourceFailureException.class)
                || causedBy(cause, CannotCreateTransactionException.class)
                || causedBy(cause, TransactionSystemException.class)
                || causedBy(cause, SQLTransientConnectionException.class);
    }

    private static boolean causedBy(Throwable cause, Class<? extends Throwable> type) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
