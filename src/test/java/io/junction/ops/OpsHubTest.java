package io.junction.ops;

import io.junction.support.HubTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.test.context.TestPropertySource;

/**
 * The hub with JMX on (Hawtio and Jolokia need the MBeans; Camel's test support turns JMX off by default), metrics
 * exported as in production (Spring Boot's tests switch that off by default), and a row
 * gauge over the idempotent-receiver table (requests as the operations logins: HubTest). One Spring context for all the
 * operations tests.
 */
@DisableJmx(false)
@AutoConfigureObservability
@TestPropertySource(
        properties = {
            "junction.ops.row-gauges.processed-messages.table=processed_message",
            "junction.ops.row-gauges.processed-messages.column=processor",
            "junction.ops.row-gauge-refresh-ms=500"
        })
abstract class OpsHubTest extends HubTest {}
