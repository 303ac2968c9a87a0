package io.junction.ops;

import io.junction.canonical.FieldError;
import io.junction.platform.failure.Failures;
import io.junction.platform.failure.ProblemException;
import java.security.Principal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operations API under {@code /api/ops}: the message journal, the dead-letter queues and replay. GET needs the
 * viewer role, everything else the operator role (OpsSecurity). Plain Spring MVC rather than a Camel route: it is
 * not an integration flow, and it needs the caller's identity for the record.
 */
@RestController
@RequestMapping(path = "/api/ops", produces = MediaType.APPLICATION_JSON_VALUE)
public class OpsApi {

    private final MessageJournal journal;
    private final DeadLetters deadLetters;
    private final Replay replay;

    public OpsApi(MessageJournal journal, DeadLetters deadLetters, Replay replay) {
        this.journal = journal;
        this.deadLetters = deadLetters;
        this.replay = replay;
    }

    /** "Did we receive order X, and what happened to it?" */
    @GetMapping("/journal")
    public List<Map<String, Object>> journal(
            @RequestParam(required = false) String order,
            @RequestParam(required = false) String entity,
            @RequestParam(required = false) String eventId,
            @RequestParam(required = false) String messageId,
            @RequestParam(required = false) String correlationId,
            @RequestParam(required = false) String source,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) OffsetDateTime to,
            @RequestParam(required = false) Integer limit,
            @RequestParam(defaultValue = "false") boolean payload,
            @RequestParam Map<String, String> parameters) {
        List<FieldError> unknown = parameters.keySet().stream()
                .filter(name -> !JournalQuery.PARAMETERS.contains(name))
                .sorted()
                .map(name -> new FieldError(
                        name,
                        "unknown filter; known: "
                                + String.join(
                                        ", ",
                                        JournalQuery.PARAMETERS.stream()
                                                .sorted()
                                                .toList())))
                .toList();
        if (!unknown.isEmpty()) {
            throw new ProblemException(
                    400,
                    "Bad request",
                    "unknown journal filter(s): "
                            + String.join(
                                    ", ",
                                    unknown.stream().map(FieldError::field).toList()),
                    unknown);
        }
        return journal.find(
                new JournalQuery(order, entity, eventId, messageId, correlationId, source, from, to, limit, payload));
    }

    @GetMapping("/dlq")
    public List<DeadLetters.DeadLetter> deadLetters(
            @RequestParam(required = false) String queue,
            @RequestParam(required = false) String route,
            @RequestParam(required = false) String eventType,
            @RequestParam(required = false) String reason,
            @RequestParam(required = false) String exception) {
        return deadLetters.list(new DeadLetters.Filter(queue, route, eventType, reason, exception));
    }

    @PostMapping("/dlq/{queue}/{messageId}/retry")
    public DeadLetters.DeadLetter retry(@PathVariable String queue, @PathVariable String messageId, Principal who) {
        return deadLetters.retry(queue, messageId, who.getName());
    }

    /** Retries every dead letter matching the filter (JSON body: queue, route, eventType, reason, exception). */
    @PostMapping("/dlq/retry")
    public Map<String, Object> retryAll(@RequestBody DeadLetters.Filter filter, Principal who) {
        List<DeadLetters.DeadLetter> retried = deadLetters.retryAll(filter, who.getName());
        return Map.of("retried", retried.size(), "messages", retried);
    }

    @DeleteMapping("/dlq/{queue}/{messageId}")
    public DeadLetters.DeadLetter discard(
            @PathVariable String queue,
            @PathVariable String messageId,
            @RequestParam(required = false) String note,
            Principal who) {
        return deadLetters.discard(queue, messageId, note, who.getName());
    }

    /** Replays journaled inbound messages (JSON body: from, to, order, entity, messageId, source, limit). */
    @PostMapping("/replay")
    public Map<String, Object> replay(@RequestBody JournalQuery query, Principal who) {
        List<Replay.Result> results = replay.replay(query, who.getName());
        return Map.of("replayed", results.size(), "results", results);
    }

    @ExceptionHandler(ProblemException.class)
    public ResponseEntity<Map<String, Object>> problem(ProblemException problem) {
        return ResponseEntity.status(problem.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Failures.body(problem));
    }
}
