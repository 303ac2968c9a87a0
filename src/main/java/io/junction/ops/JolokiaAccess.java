package io.junction.ops;

import io.junction.platform.security.Roles;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.jolokia.server.core.restrictor.policy.PolicyRestrictor;
import org.jolokia.server.core.util.RequestType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Jolokia's access policy ({@code management.endpoint.jolokia.config.restrictorClass}). {@code jolokia-access.xml}
 * allows Camel and Artemis MBeans and read-only {@code java.lang}; every other MBean is denied and hidden. On top,
 * writes and operations that change something need the operator role: a viewer may run only operations that read
 * (Hawtio's route diagrams and statistics are {@code dump…} operations), so a viewer cannot stop a route.
 */
public class JolokiaAccess extends PolicyRestrictor {

    private static final String READ_ONLY_DOMAIN = "java.lang";
    static final Set<String> VISIBLE_DOMAINS = Set.of("org.apache.camel", "org.apache.activemq.artemis", "java.lang");
    /** Operations that only read: Camel's dump/explain/browse, Artemis' list/count/browse, getters. */
    private static final Pattern READ_ONLY_OPERATION = Pattern.compile(
            "(dump|get|is|has|can|list|browse|count|explain|query|find|component|dataFormat|language|information|create\\w*Json)\\w*");

    public JolokiaAccess() {
        super(policy());
    }

    @Override
    public boolean isObjectNameHidden(ObjectName name) {
        return !visible(name) || super.isObjectNameHidden(name);
    }

    /** The policy file's allow list grants; this makes it the only thing there is (reads included). */
    private static boolean visible(ObjectName name) {
        return VISIBLE_DOMAINS.contains(name.getDomain());
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        return visible(name) && super.isAttributeReadAllowed(name, attribute);
    }

    @Override
    public boolean isTypeAllowed(RequestType type) {
        return super.isTypeAllowed(type) && (type != RequestType.WRITE || isOperator());
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return visible(name)
                && isOperator()
                && !READ_ONLY_DOMAIN.equals(name.getDomain())
                && super.isAttributeWriteAllowed(name, attribute);
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        // an overloaded operation comes with its signature, e.g. stop(long); the policy names operations without
        String bare = operation.contains("(") ? operation.substring(0, operation.indexOf('(')) : operation;
        return visible(name)
                && super.isOperationAllowed(name, bare)
                && (isOperator() || READ_ONLY_OPERATION.matcher(bare).matches());
    }

    /** Jolokia runs in the request's thread, behind the Spring Security filters that authenticated the caller. */
    private static boolean isOperator() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null
                && auth.getAuthorities().stream().anyMatch(a -> ("ROLE_" + Roles.OPERATOR).equals(a.getAuthority()));
    }

    private static InputStream policy() {
        InputStream policy = JolokiaAccess.class.getResourceAsStream("/jolokia-access.xml");
        if (policy == null) {
            throw new UncheckedIOException(new IOException("jolokia-access.xml is missing from the classpath"));
        }
        return policy;
    }
}
