package io.junction.platform.api;

import org.apache.camel.component.platform.http.spi.PlatformHttpEngine;
import org.apache.camel.component.platform.http.springboot.SpringBootPlatformHttpEngine;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Camel's REST routes run on the web server's request thread. By default platform-http hands every request to Spring's
 * task executor and waits for it: a second thread, a queue and two context switches per request, and the HTTP answer
 * written from a thread the servlet filters do not run on. The request thread waits either way, and the webhooks'
 * concurrency is bounded at the door ({@code junction.intake.max-in-flight}), so nothing is gained by the hand-off
 * (docs/performance.md).
 */
@Configuration(proxyBeanMethods = false)
class RequestThreadEngine {

    /** The name platform-http looks its engine up by (Spring Boot's own engine then stands aside). */
    @Bean("platform-http-engine")
    PlatformHttpEngine platformHttpOnRequestThread(@Value("${server.port:8080}") int port) {
        return new SpringBootPlatformHttpEngine(port, Runnable::run);
    }
}
