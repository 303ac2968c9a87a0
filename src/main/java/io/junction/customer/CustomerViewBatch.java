package io.junction.customer;

import java.util.List;

/**
 * What applying a batch to the customer view gave: the consumer's own {@code results} (for its log, or to publish
 * after the commit) and the view's {@code changes}, in order, for the fan-out.
 */
public record CustomerViewBatch<R>(List<R> results, List<CustomerChange> changes) {

    public CustomerViewBatch {
        results = List.copyOf(results);
        changes = List.copyOf(changes);
    }
}
