package io.junction.adapter.edi;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.stereotype.Component;

/**
 * One pickup route (template edi-pickup in routes/edi.camel.yaml) per partner with a {@code pickup-uri}: its SFTP
 * server, or any Camel endpoint, polled into the drop folder. Onboarding a partner with SFTP is configuration only.
 */
@Component
public class EdiPickups implements CamelContextConfiguration {

    private final EdiProperties properties;

    public EdiPickups(EdiProperties properties) {
        this.properties = properties;
    }

    @Override
    public void beforeApplicationStart(CamelContext camel) {
        // nothing: the template is a YAML route, there to use once the context has started
    }

    @Override
    public void afterApplicationStart(CamelContext camel) {
        properties.partners().forEach((id, partner) -> {
            if (partner.pickupUri() != null && !partner.pickupUri().isBlank()) {
                TemplatedRouteBuilder.builder(camel, "edi-pickup")
                        .routeId("edi-pickup-" + id)
                        .parameter("partner", id)
                        .parameter("uri", partner.pickupUri())
                        .add();
            }
        });
    }
}
