package io.junction.platform.bus;

import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.messaginghub.pooled.jms.JmsPoolConnectionFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jms.connection.CachingConnectionFactory;
import org.springframework.stereotype.Component;

/**
 * Bounds how long a call to the broker waits for a failover (Artemis' callFailoverTimeout, by default forever): with a
 * failover URL and reconnectAttempts=-1, a webhook's send to a stopped broker otherwise blocked until the broker came
 * back and then went through, long after the sender had been answered. Now it fails after
 * junction.bus.call-failover-timeout-ms, the webhook is answered 503 and nothing is sent later. A callFailoverTimeout
 * in spring.artemis.broker-url wins. Spring Boot builds the Artemis factory inside the pool, so it is set there.
 */
@Component
public class BusClientTimeouts implements BeanPostProcessor {

    private final long callFailoverTimeout;

    public BusClientTimeouts(@Value("${junction.bus.call-failover-timeout-ms:1000}") long callFailoverTimeout) {
        this.callFailoverTimeout = callFailoverTimeout;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String name) {
        Object target = bean;
        if (bean instanceof JmsPoolConnectionFactory pool) {
            target = pool.getConnectionFactory();
        } else if (bean instanceof CachingConnectionFactory caching) {
            target = caching.getTargetConnectionFactory();
        }
        if (target instanceof ActiveMQConnectionFactory artemis
                && artemis.getCallFailoverTimeout() == ActiveMQClient.DEFAULT_CALL_FAILOVER_TIMEOUT) {
            artemis.setCallFailoverTimeout(callFailoverTimeout);
        }
        return bean;
    }
}
