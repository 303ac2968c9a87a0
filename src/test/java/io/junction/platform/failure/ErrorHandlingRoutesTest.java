package io.junction.platform.failure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.platform.bus.BusTopology;
import io.junction.platform.bus.EventHeaders;
import io.junction.support.DefaultTopology;
import io.junction.support.StandaloneBroker;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsComponent;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * routes/error-handling.camel.yaml on its own, without a hub: a route that names its configuration fails, and the
 * test sees what the configuration makes of it. A bus message comes from the real broker; the dead-letter send of the
 * "failed" route is advised to a mock, so the test reads exactly what would have gone to the dead-letter queue.
 */
class ErrorHandlingRoutesTest extends CamelTestSupport {

    private static final BusTopology.ConsumerQueue ORDER_ERP =
            DefaultTopology.get().queue("order", "erp");

    private static final int REDELIVERIES = 2;
    private static StandaloneBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = StandaloneBroker.started();
    }

    @AfterAll
    static void stopBroker() {
        broker.stop();
    }

    @Override
    public void configureTest(TestExecutionConfiguration test) {
        super.configureTest(test);
        test.withUseAdviceWith(true);
    }

    @Override
    public void configureContext(CamelContextConfiguration camel) {
        super.configureContext(camel);
        Properties redelivery = new Properties();
        redelivery.put("junction.redelivery.maximum-redeliveries", String.valueOf(REDELIVERIES));
        redelivery.put("junction.redelivery.initial-delay-ms", "10");
        redelivery.put("junction.redelivery.maximum-delay-ms", "50");
        redelivery.put("junction.redelivery.outage-maximum-delay-ms", "50");
        camel.withUseOverridePropertiesWithPropertiesComponent(redelivery);
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("failures", new Failures(new ObjectMapper()));
        registry.bind(
                "jms", JmsComponent.jmsComponentAutoAcknowledge(new ActiveMQConnectionFactory(broker.failoverUrl())));
    }

    /** The shared error handling as the hub loads it, then two routes built as the hub's are, each failing in its step. */
    @Override
    protected RoutesBuilder[] createRouteBuilders() throws Exception {
        List<RoutesBuilder> builders = new ArrayList<>(PluginHelper.getRoutesLoader(context)
                .findRoutesBuilders(
                        ResourceHelper.resolveMandatoryResource(context, "file:routes/error-handling.camel.yaml")));
        builders.add(new RouteBuilder() {
            @Override
            public void configure() {
                from("jms:queue:" + ORDER_ERP.fqqn())
                        .routeId("order-erp")
                        .routeConfigurationId("junction-errors")
                        .to("mock:step");
                from("direct:intake")
                        .routeId("intake")
                        .routeConfigurationId("junction-errors")
                        .to("mock:step");
            }
        });
        return builders.toArray(RoutesBuilder[]::new);
    }

    @Test
    void aBusMessageThatKeepsFailingIsRetriedThenDeadLetteredAsItArrivedWithItsReason() throws Exception {
        startWithDeadLettersAdvised();
        MockEndpoint step = getMockEndpoint("mock:step");
        step.whenAnyExchangeReceived(e -> {
            e.getMessage().setBody("changed by the failing step");
            throw new IllegalStateException("ERP refused the order");
        });
        step.expectedMessageCount(1 + REDELIVERIES);
        MockEndpoint deadLetters = getMockEndpoint("mock:dead-letter");
        deadLetters.expectedMessageCount(1);

        template.sendBodyAndHeader(
                "jms:topic:" + ORDER_ERP.address(), "{\"id\":\"evt-1\"}", EventHeaders.EVENT_ID, "evt-1");

        MockEndpoint.assertIsSatisfied(context);
        Message dead = deadLetters.getReceivedExchanges().get(0).getMessage();
        assertThat(dead.getBody(String.class))
                .as("the original message, not what the step made of it")
                .isEqualTo("{\"id\":\"evt-1\"}");
        assertThat(dead.getHeader(EventHeaders.EVENT_ID)).isEqualTo("evt-1");
        assertThat(dead.getHeader(EventHeaders.DEAD_LETTER_REASON))
                .isEqualTo("IllegalStateException: ERP refused the order");
        assertThat(dead.getHeader(EventHeaders.DEAD_LETTER_EXCEPTION)).isEqualTo(IllegalStateException.class.getName());
        assertThat(dead.getHeader(EventHeaders.DEAD_LETTER_ROUTE)).isEqualTo("order-erp");
        assertThat(dead.getHeader(EventHeaders.ORIGINAL_QUEUE)).isEqualTo(ORDER_ERP.fqqn());
        assertThat(dead.getHeader(EventHeaders.DEAD_LETTER_QUEUE)).isEqualTo(ORDER_ERP.deadLetterQueue());
    }

    @Test
    void aBusMessageTheHubRefusesIsDeadLetteredAtOnceWithoutRetries() throws Exception {
        startWithDeadLettersAdvised();
        MockEndpoint step = getMockEndpoint("mock:step");
        step.whenAnyExchangeReceived(e -> {
            throw ProblemException.badRequest("unknown customer C-9");
        });
        step.expectedMessageCount(1);
        MockEndpoint deadLetters = getMockEndpoint("mock:dead-letter");
        deadLetters.expectedMessageCount(1);

        template.sendBody("jms:topic:" + ORDER_ERP.address(), "{\"id\":\"evt-2\"}");

        MockEndpoint.assertIsSatisfied(context);
        Message dead = deadLetters.getReceivedExchanges().get(0).getMessage();
        assertThat(dead.getBody(String.class)).isEqualTo("{\"id\":\"evt-2\"}");
        assertThat(dead.getHeader(EventHeaders.DEAD_LETTER_REASON)).isEqualTo("unknown customer C-9");
        assertThat(dead.getHeader(EventHeaders.DEAD_LETTER_QUEUE)).isEqualTo(ORDER_ERP.deadLetterQueue());
    }

    @Test
    void aRequestTheHubRefusesIsAnsweredWithAProblemAndDeadLettersNothing() throws Exception {
        startWithDeadLettersAdvised();
        getMockEndpoint("mock:step").whenAnyExchangeReceived(e -> {
            throw ProblemException.badRequest("the signature does not match");
        });

        Exchange answered = template.request("direct:intake", e -> {
            e.getMessage().setBody("{}");
            e.getMessage().setHeader("X-Shopify-Hmac-Sha256", "forged");
        });

        Message answer = answered.getMessage();
        assertThat(answer.getHeader(Exchange.HTTP_RESPONSE_CODE)).isEqualTo(400);
        assertThat(answer.getHeader(Exchange.CONTENT_TYPE)).isEqualTo(Failures.PROBLEM_JSON);
        assertThat(answer.getHeader("X-Shopify-Hmac-Sha256"))
                .as("nothing of the request echoes back")
                .isNull();
        JsonNode problem = new ObjectMapper().readTree(answer.getBody(String.class));
        assertThat(problem.path("status").asInt()).isEqualTo(400);
        assertThat(problem.path("detail").asText()).isEqualTo("the signature does not match");
        assertThat(getMockEndpoint("mock:dead-letter").getReceivedCounter())
                .as("answered, not dead-lettered")
                .isZero();
    }

    /** The "failed" route's dead-letter send goes to mock:dead-letter instead of the broker. */
    private void startWithDeadLettersAdvised() throws Exception {
        AdviceWith.adviceWith(context, "failed", route -> route.weaveByToUri("jms:queue:*")
                .replace()
                .to("mock:dead-letter"));
        context.start();
    }
}
