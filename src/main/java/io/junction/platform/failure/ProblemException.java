package io.junction.platform.failure;

import io.junction.canonical.FieldError;
import java.util.List;

/**
 * A request or message the hub refuses, with the HTTP status the sender gets and the fields at fault.
 * Never worth a retry: the same input fails the same way, so on the bus it goes straight to the DLQ.
 */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;
    private final List<FieldError> errors;

    public ProblemException(int status, String title, String detail, List<FieldError> errors) {
        super(detail);
        this.status = status;
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    public ProblemException(int status, String title, String detail) {
        this(status, title, detail, List.of());
    }

    public static ProblemException badRequest(String detail, FieldError... errors) {
        return new ProblemException(400, "Bad request", detail, List.of(errors));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not found", detail);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public List<FieldError> errors() {
        return errors;
    }
}
