package io.junction.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.platform.failure.Failures;
import io.junction.platform.failure.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Back-pressure at the door: at most {@code junction.intake.max-in-flight} webhooks are processed at once. One more
 * gets 429 + Retry-After at once, before its body is read, so that beyond capacity the hub sheds load (the storefront
 * retries later) instead of queueing requests, and their bodies, without bound. While the hub is not ready (starting:
 * the web server is up before the routes are; stopping), a webhook gets 503 + Retry-After instead of a 404.
 */
public class IntakeLimit extends OncePerRequestFilter {

    private final Semaphore permits;
    private final int maxInFlight;
    private final int retryAfterSeconds;
    private final byte[] tooMany;
    private final byte[] notReady;
    private final Counter rejected;
    private final ApplicationAvailability availability;

    public IntakeLimit(
            int maxInFlight,
            int retryAfterSeconds,
            ObjectMapper json,
            MeterRegistry meters,
            ApplicationAvailability availability)
            throws IOException {
        this.availability = availability;
        this.permits = new Semaphore(maxInFlight);
        this.maxInFlight = maxInFlight;
        this.retryAfterSeconds = retryAfterSeconds;
        this.tooMany = json.writeValueAsBytes(Failures.body(new ProblemException(
                429,
                "Too many requests",
                "the intake is at capacity (" + maxInFlight + " webhooks in flight); nothing was accepted, retry after "
                        + retryAfterSeconds + " s")));
        this.notReady = json.writeValueAsBytes(Failures.body(new ProblemException(
                503,
                "Service unavailable",
                "the hub is starting or stopping; nothing was accepted, retry after " + retryAfterSeconds + " s")));
        Gauge.builder("junction.intake.in-flight", this, IntakeLimit::inFlight)
                .description("webhooks being processed now")
                .register(meters);
        this.rejected = Counter.builder("junction.intake.rejected")
                .description("webhooks refused with 429 at capacity")
                .register(meters);
    }

    /** Webhooks being processed now. */
    public int inFlight() {
        return maxInFlight - permits.availablePermits();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (availability.getReadinessState() != ReadinessState.ACCEPTING_TRAFFIC) {
            refuse(response, 503, notReady);
            return;
        }
        if (!permits.tryAcquire()) {
            rejected.increment();
            refuse(response, 429, tooMany);
            return;
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                permits.release();
            }
        };
        try {
            chain.doFilter(request, response);
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new ReleaseWhenDone(release));
            } else {
                release.run();
            }
        }
    }

    private void refuse(HttpServletResponse response, int status, byte[] problem) throws IOException {
        response.setStatus(status);
        response.setHeader("Retry-After", Integer.toString(retryAfterSeconds));
        response.setContentType(Failures.PROBLEM_JSON);
        response.getOutputStream().write(problem);
    }

    /** An asynchronously completed request holds its permit until it is answered. */
    private record ReleaseWhenDone(Runnable release) implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            release.run();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            release.run();
        }

        @Override
        public void onError(AsyncEvent event) {
            release.run();
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // still in flight
        }
    }

    /** The filter on the webhook endpoints only: the query API and actuator stay reachable under load. */
    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        IntakeLimit intakeLimit(
                @Value("${junction.intake.max-in-flight:64}") int maxInFlight,
                @Value("${junction.intake.retry-after-seconds:2}") int retryAfterSeconds,
                ObjectMapper json,
                MeterRegistry meters,
                ApplicationAvailability availability)
                throws IOException {
            return new IntakeLimit(maxInFlight, retryAfterSeconds, json, meters, availability);
        }

        @Bean
        FilterRegistrationBean<IntakeLimit> intakeLimitRegistration(IntakeLimit limit) {
            FilterRegistrationBean<IntakeLimit> registration = new FilterRegistrationBean<>(limit);
            registration.addUrlPatterns("/webhooks/*");
            registration.setAsyncSupported(true);
            return registration;
        }
    }
}
