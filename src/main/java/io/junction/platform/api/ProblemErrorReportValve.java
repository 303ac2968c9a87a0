package io.junction.platform.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.platform.failure.Failures;
import io.junction.platform.failure.ProblemException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What Tomcat refuses before any servlet sees the request (a malformed URL or header: 400) as a problem too, instead of
 * Tomcat's HTML page. Everything that reaches the application is answered by {@link ProblemErrorController}.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        ProblemException problem = new ProblemException(
                status,
                ProblemErrorController.title(status),
                "the request is malformed and was refused before the hub read it");
        try {
            response.setContentType(Failures.PROBLEM_JSON);
            response.getOutputStream().write(JSON.writeValueAsBytes(Failures.body(problem)));
            response.finishResponse();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Tomcat creates the host's error report valve by class name, after Spring Boot's own (which then stays silent). */
    @Configuration(proxyBeanMethods = false)
    static class Installation {

        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
            return factory -> factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
            });
        }
    }
}
