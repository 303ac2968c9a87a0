package io.junction.platform.api;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Every HTTP endpoint the hub maps, as "METHOD /path": the Spring MVC controllers and actuator endpoints, and the
 * Camel REST routes (platform-http registers them as handler mappings of their own). Read when asked, since Camel
 * registers its routes after the web server has started.
 */
@Component
public class HttpEndpoints {

    private static final Set<RequestMethod> ANY =
            Set.of(RequestMethod.GET, RequestMethod.POST, RequestMethod.PUT, RequestMethod.PATCH, RequestMethod.DELETE);

    private final ListableBeanFactory beans;

    public HttpEndpoints(ListableBeanFactory beans) {
        this.beans = beans;
    }

    /** The endpoints whose path starts with {@code prefix}, sorted by path, then method. */
    public SortedSet<Endpoint> under(String prefix) {
        SortedSet<Endpoint> found = new TreeSet<>();
        for (RequestMappingInfoHandlerMapping mapping :
                beans.getBeansOfType(RequestMappingInfoHandlerMapping.class).values()) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods =
                        info.getMethodsCondition().getMethods().isEmpty()
                                ? ANY
                                : info.getMethodsCondition().getMethods();
                for (String path : info.getPatternValues()) {
                    if (path.startsWith(prefix)) {
                        methods.forEach(method -> found.add(new Endpoint(method.name(), path)));
                    }
                }
            }
        }
        return found;
    }

    /** One method on one path (a pattern such as /webhooks/generic/{source}). */
    public record Endpoint(String method, String path) implements Comparable<Endpoint> {

        @Override
        public int compareTo(Endpoint other) {
            int byPath = path.compareTo(other.path);
            return byPath != 0 ? byPath : method.compareTo(other.method);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }
}
