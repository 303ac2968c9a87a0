package io.junction.bus.batch;

import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.spi.TransactedPolicy;
import org.apache.camel.spi.UnitOfWork;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A batch's hub database transaction in a route ({@code transacted: {ref: batchTransaction}}): the steps after it run
 * in one transaction, committed if they all succeed and rolled back if one fails or marks the exchange rollback-only.
 * Unlike Camel's Spring policy it brings no error handler of its own, which would count the failure as handled
 * (exhausted) and wrap it: the failure goes back as it is to the consumer's route, whose error handling retries it in
 * a new transaction, dead-letters it, or has the batch split (docs/batching.md).
 */
@Component("batchTransaction")
public class BatchTransaction implements TransactedPolicy {

    private final TransactionTemplate transactions;

    public BatchTransaction(TransactionTemplate transactions) {
        this.transactions = transactions;
    }

    @Override
    public void beforeWrap(Route route, NamedNode definition) {
        // nothing to prepare
    }

    @Override
    public Processor wrap(Route route, Processor processor) {
        return exchange -> transactions.executeWithoutResult(status -> {
            // a transacted exchange: Camel keeps every step on this thread, the one the transaction is bound to
            UnitOfWork work = exchange.getUnitOfWork();
            work.beginTransactedBy(this);
            try {
                processor.process(exchange);
            } catch (Exception e) {
                exchange.setException(e);
            } finally {
                work.endTransactedBy(this);
            }
            if (exchange.getException() != null || exchange.isRollbackOnly()) {
                status.setRollbackOnly();
            }
        });
    }
}
