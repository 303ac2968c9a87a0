package io.junction.platform.jobs;

import java.time.Duration;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * The jobs that run on one hub at a time ({@code junction.jobs.leases}: job name → lease in seconds): each is a
 * {@link LeaseRoutePolicy} bound in Camel's registry as {@code <job>-lease}, which its routes name
 * ({@code routePolicy}), and a row of job_lease under the job's name. So a new singleton job is configuration and a
 * route. Every policy checks its lease every {@code junction.jobs.lease-check-ms} (at most a third of the lease): how
 * soon another hub takes a job over after a graceful stop.
 */
@Component
public class SingletonJobs implements CamelContextConfiguration {

    private final JobLease lease;
    private final Jobs jobs;

    public SingletonJobs(JobLease lease, Jobs jobs) {
        this.lease = lease;
        this.jobs = jobs;
    }

    /** {@code junction.jobs}. */
    @ConfigurationProperties("junction.jobs")
    public record Jobs(@DefaultValue("2000") long leaseCheckMs, Map<String, Long> leases) {

        public Jobs {
            leases = leases == null ? Map.of() : Map.copyOf(leases);
        }
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        Duration check = Duration.ofMillis(jobs.leaseCheckMs());
        jobs.leases().forEach((job, seconds) -> camel.getRegistry()
                .bind(
                        job + "-lease",
                        LeaseRoutePolicy.class,
                        new LeaseRoutePolicy(lease, job, Duration.ofSeconds(seconds), check)));
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        // the policies start with their routes
    }
}
