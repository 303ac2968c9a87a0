package io.junction.adapter.crm;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one circuit breaker around every call to the CRM, a bean so that the drain route uses it
 * ({@code resilience4jConfiguration.circuitBreaker: crmCircuitBreaker}) and the health indicator reports its state.
 */
@Configuration
public class CrmCircuitBreakerConfiguration {

    @Bean
    public CircuitBreaker crmCircuitBreaker(CrmProperties crm) {
        CrmProperties.CircuitBreaker settings = crm.circuitBreaker();
        return CircuitBreaker.of(
                "crm",
                CircuitBreakerConfig.custom()
                        .failureRateThreshold(settings.failureRate())
                        .slidingWindowSize(settings.window())
                        .minimumNumberOfCalls(settings.minimumCalls())
                        .waitDurationInOpenState(settings.waitOpen())
                        .permittedNumberOfCallsInHalfOpenState(1)
                        .build());
    }
}
