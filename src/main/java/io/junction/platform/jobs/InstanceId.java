package io.junction.platform.jobs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * This hub instance's name in shared tables (job leases, claimed rows): {@code junction.instance-id}, by default
 * {@code <host name>:<server port>#<pid>}, so an operator reading job_lease or a claimed row sees which replica holds
 * it. At most 60 characters, so a claim token (the id plus a counter) fits the claimed_by columns.
 */
@Component
public class InstanceId {

    static final int MAX_LENGTH = 60;

    private final String value;

    public InstanceId(@Value("${junction.instance-id:}") String configured, @Value("${server.port:8080}") String port) {
        String id = configured == null || configured.isBlank()
                ? hostName() + ":" + port + "#" + ProcessHandle.current().pid()
                : configured.trim();
        this.value = id.length() > MAX_LENGTH ? id.substring(0, MAX_LENGTH) : id;
    }

    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
