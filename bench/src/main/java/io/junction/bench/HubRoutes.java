package io.junction.bench;

import com.sun.tools.attach.VirtualMachine;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import java.util.ArrayList;
import java.util.List;

/**
 * The hub's Camel routes through its own JMX (attached to the local process, as jconsole would: no port opened, nothing
 * changed in the hub), for the intake-only phase: the order consumers stopped, so that what the hub then spends is the
 * intake's.
 */
final class HubRoutes {

    private HubRoutes() {
    }

    /** Stops every route that consumes from an endpoint containing {@code fragment}; returns their ids. */
    static List<String> stopConsumersOf(long pid, String fragment) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
        String address;
        try {
            address = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        List<String> stopped = new ArrayList<>();
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection jmx = connector.getMBeanServerConnection();
            for (ObjectName route : jmx.queryNames(new ObjectName("org.apache.camel:type=routes,*"), null)) {
                String from = String.valueOf(jmx.getAttribute(route, "EndpointUri"));
                if (from.contains(fragment)) {
                    jmx.invoke(route, "stop", null, null);
                    stopped.add(String.valueOf(jmx.getAttribute(route, "RouteId")));
                }
            }
        }
        if (stopped.isEmpty()) {
            throw new IllegalStateException("no route of the hub consumes from " + fragment);
        }
        return stopped;
    }
}
