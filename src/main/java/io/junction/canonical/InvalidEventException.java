package io.junction.canonical;

import java.util.List;

/**
 * A message that is not a valid canonical event, with the fields at fault. Never worth a retry (the same message fails
 * the same way): on the bus it is dead-lettered; an HTTP caller gets 422 (failure.Failures).
 */
public class InvalidEventException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidEventException(String detail, List<FieldError> errors) {
        super(detail);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
