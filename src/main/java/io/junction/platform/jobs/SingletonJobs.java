package io.junction.platform.jobs;

import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The jobs that run on one hub at a time, each a {@link LeaseRoutePolicy} named in its routes ({@code routePolicy}) and
 * a row of job_lease under the job's name. Every policy checks its lease every {@code junction.jobs.lease-check-ms}
 * (at most a third of the lease): how soon another hub takes a job over after a graceful stop.
 */
@Configuration(proxyBeanMethods = false)
public class SingletonJobs {

    private final JobLease lease;
    private final Duration check;

    public SingletonJobs(JobLease lease, @Value("${junction.jobs.lease-check-ms:2000}") long checkMs) {
        this.lease = lease;
        this.check = Duration.ofMillis(checkMs);
    }

    /** routes/outbox.camel.yaml: outbox-sweep. */
    @Bean
    public LeaseRoutePolicy outboxLease(@Value("${junction.outbox.lease-seconds:60}") long seconds) {
        return policy("event-outbox", seconds);
    }

    /** routes/scm.camel.yaml: scm-sweep. */
    @Bean
    public LeaseRoutePolicy shipmentSweepLease(@Value("${junction.shipments.lease-seconds:120}") long seconds) {
        return policy("shipment-sweep", seconds);
    }

    /** routes/scm.camel.yaml: scm-tracking-poll. */
    @Bean
    public LeaseRoutePolicy trackingPollLease(@Value("${junction.shipments.lease-seconds:120}") long seconds) {
        return policy("tracking-poll", seconds);
    }

    /** routes/service.camel.yaml: intelligence-recompute and intelligence-rebalance (a rebalance is a recompute). */
    @Bean
    public LeaseRoutePolicy intelligenceLease(@Value("${junction.intelligence.lease-seconds:600}") long seconds) {
        return policy("intelligence-recompute", seconds);
    }

    /** routes/service.camel.yaml: case-escalation. */
    @Bean
    public LeaseRoutePolicy escalationLease(@Value("${junction.service.lease-seconds:120}") long seconds) {
        return policy("case-escalation", seconds);
    }

    /** routes/erp.camel.yaml: erpnext-status-poll and erpnext-stock-poll (one hub polls ERPNext). */
    @Bean
    public LeaseRoutePolicy erpNextLease(@Value("${junction.erp.erpnext.lease-seconds:60}") long seconds) {
        return policy("erpnext-feeds", seconds);
    }

    private LeaseRoutePolicy policy(String job, long seconds) {
        return new LeaseRoutePolicy(lease, job, Duration.ofSeconds(seconds), check);
    }
}
