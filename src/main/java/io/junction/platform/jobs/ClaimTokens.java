package io.junction.platform.jobs;

import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Tokens for claiming rows in shared tables (ERP status rows, CRM outbox rows): the {@link InstanceId} and a counter,
 * so every claim is unique and a claimed row names the replica that holds it.
 */
@Component
public class ClaimTokens {

    private final String instance;
    private final AtomicLong counter = new AtomicLong();

    public ClaimTokens(InstanceId instance) {
        this.instance = instance.value();
    }

    public String next() {
        return instance + "/" + counter.incrementAndGet();
    }
}
