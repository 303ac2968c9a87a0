package io.junction.samples;

import static org.assertj.core.api.Assertions.assertThat;

import io.junction.support.HubTest;
import java.util.concurrent.TimeUnit;
import org.apache.camel.Exchange;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class SampleTrafficTest extends HubTest {

    @Autowired
    SampleTraffic samples;

    @AfterEach
    void stop() throws Exception {
        camel.getRouteController().stopRoute("sample-traffic");
    }

    @Test
    void everySampleIsAcceptedByTheHubsOwnWebhooks() throws Exception {
        assertThat(camel.getRouteController().getRouteStatus("sample-traffic").isStarted())
                .as("off by default")
                .isFalse();
        NotifyBuilder accepted = new NotifyBuilder(camel)
                .fromRoute("sample-traffic")
                .filter(e -> Integer.valueOf(202)
                        .equals(e.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class)))
                .whenDone(samples.size())
                .create();
        NotifyBuilder all = new NotifyBuilder(camel)
                .fromRoute("sample-traffic")
                .whenDone(samples.size())
                .create();

        camel.getRouteController().startRoute("sample-traffic");

        assertThat(samples.size()).isGreaterThanOrEqualTo(15);
        assertThat(all.matches(90, TimeUnit.SECONDS)).isTrue();
        assertThat(accepted.matches()).as("every sample answered 202").isTrue();
    }
}
