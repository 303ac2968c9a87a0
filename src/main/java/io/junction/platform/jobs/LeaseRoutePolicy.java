package io.junction.platform.jobs;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A singleton job as a route policy ({@code routePolicy} on the job's routes in routes/*.camel.yaml): the routes'
 * consumers run only while this replica holds the job's lease ({@link JobLease}), so the beans they call hold plain
 * domain logic. While its routes are started the policy takes or renews the lease every {@code check} (at most a third
 * of the lease, so a holder renews well before it runs out): the holder's consumers are started, everyone else's
 * stopped. Another replica takes the job over within a check of a graceful stop (the lease is released when the
 * routes stop) or once a killed holder's lease has expired. Several routes may share one policy and so one lease.
 */
public class LeaseRoutePolicy extends RoutePolicySupport {

    private static final Logger log = LoggerFactory.getLogger(LeaseRoutePolicy.class);

    private final JobLease lease;
    private final String job;
    private final Duration leaseTime;
    private final Duration check;
    private final List<Route> started = new CopyOnWriteArrayList<>();
    private ScheduledExecutorService renewals;
    /** System.nanoTime() until which this replica surely holds the lease (taken before the update that took it). */
    private volatile long heldUntil;

    private volatile boolean held;

    public LeaseRoutePolicy(JobLease lease, String job, Duration leaseTime, Duration check) {
        this.lease = lease;
        this.job = job;
        this.leaseTime = leaseTime;
        Duration third = leaseTime.dividedBy(3);
        this.check = check.compareTo(third) < 0 ? check : third;
    }

    /** Whether this replica holds the lease now (as of its last check, and the lease has not run out since). */
    public boolean isHeld() {
        return held && System.nanoTime() - heldUntil < 0;
    }

    @Override
    public synchronized void onStart(Route route) {
        started.add(route);
        if (renewals == null) {
            renewals = route.getCamelContext()
                    .getExecutorServiceManager()
                    .newSingleThreadScheduledExecutor(this, "lease-" + job);
            renewals.scheduleWithFixedDelay(this::check, 0, check.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            renewals.execute(this::check);
        }
    }

    @Override
    public synchronized void onStop(Route route) {
        started.remove(route);
        if (started.isEmpty() && renewals != null) {
            route.getCamelContext().getExecutorServiceManager().shutdownNow(renewals);
            renewals = null;
            if (held) {
                held = false;
                try {
                    lease.release(job);
                } catch (RuntimeException e) {
                    log.warn("Could not release the lease of job {} (it expires on its own): {}", job, e.getMessage());
                }
            }
        }
    }

    @Override
    public void onSuspend(Route route) {
        onStop(route);
    }

    @Override
    public void onResume(Route route) {
        onStart(route);
    }

    /** Between checks the lease may run out (a renewal failed or stalled): no new run then, whatever the consumer does. */
    @Override
    public void onExchangeBegin(Route route, Exchange exchange) {
        if (!isHeld()) {
            exchange.setRouteStop(true);
        }
    }

    /** Takes or renews the lease, then starts or stops the routes' consumers to match (each time: they may have been restarted). */
    synchronized void check() {
        if (started.isEmpty()) {
            return;
        }
        long asOf = System.nanoTime();
        boolean now;
        try {
            now = lease.acquire(job, leaseTime);
        } catch (RuntimeException e) {
            // the database unreachable: this replica cannot tell whether it still holds the job, so it stops running it
            log.warn("Could not renew the lease of job {}: {}", job, e.getMessage());
            now = false;
        }
        if (now) {
            heldUntil = asOf + leaseTime.toNanos();
        }
        if (now != held) {
            log.info(
                    now
                            ? "Took the lease of job {}: its routes run here"
                            : "Lost the lease of job {}: its routes stop here",
                    job);
        }
        held = now;
        for (Route route : started) {
            if (!route.getCamelContext().isStarted()) {
                // a consumer is only touched once the context has started (a timer schedules itself then); meanwhile
                // onExchangeBegin keeps a replica without the lease from running the job
                continue;
            }
            try {
                if (now) {
                    startConsumer(route.getConsumer());
                } else {
                    stopConsumer(route.getConsumer());
                }
            } catch (Exception e) {
                log.warn(
                        "Could not {} the consumer of route {}: {}",
                        now ? "start" : "stop",
                        route.getId(),
                        e.getMessage());
            }
        }
    }
}
