package io.junction.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.junction.support.Fixture;
import io.junction.support.ShopifyOrders;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.web.FilterChainProxy;

/**
 * Who may do what: anonymous callers reach only the webhooks and the health probes; a viewer reads but
 * cannot stop a route over Jolokia; an operator can; Jolokia shows nothing outside Camel, Artemis and java.lang.
 */
class OpsSecurityTest extends OpsHubTest {

    @Autowired
    FilterChainProxy security;

    private static final String SIMULATOR = "org.apache.camel:context=junction,type=routes,name=%22erp-simulator%22";

    @Test
    void anonymousCallersGet401EverywhereButTheWebhooksAndProbes() {
        for (String path : new String[] {
            "/actuator/jolokia/version",
            "/actuator/hawtio/",
            "/actuator/prometheus",
            "/actuator/metrics",
            "/actuator/info",
            "/api/ops/journal",
            "/api/ops/dlq",
            "/api/cases",
            "/api/cases/" + java.util.UUID.randomUUID()
        }) {
            assertThat(getAs(null, path).statusCode()).as(path).isEqualTo(401);
        }
        for (String path :
                new String[] {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"}) {
            assertThat(getAs(null, path).statusCode()).as(path).isEqualTo(200);
        }
        // webhooks (signed, no login, no CSRF token) work as before; the customer view needs a login (ApiSecurityTest)
        ShopifyOrders shop = new ShopifyOrders();
        Fixture order = shop.created("2024-07-01T10:00:00Z");
        assertThat(deliver(order).statusCode()).isEqualTo(202);
        awaitOnlyOrder(shop.email, o -> true);
        assertThat(get("/api/customers?email=nobody@example.com").statusCode()).isEqualTo(401);
    }

    /**
     * Camel's routes answer on threads of their own while the request's thread returns through the filters: a security
     * header written on the way back raced the route's own headers (a 503 lost its Retry-After). On the webhooks and
     * the APIs they are on the response before a route sees the request.
     */
    @Test
    void theSecurityHeadersAreWrittenBeforeARouteCanAnswer() throws Exception {
        for (String path : new String[] {"/webhooks/shopify", "/api/cases"}) {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
            request.setServletPath(path);
            request.addHeader(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(VIEWER.getBytes(StandardCharsets.UTF_8)));
            MockHttpServletResponse response = new MockHttpServletResponse();
            List<String> seenByTheRoute = new ArrayList<>();
            security.doFilter(
                    request,
                    response,
                    (req, res) -> seenByTheRoute.add(((HttpServletResponse) res).getHeader("X-Content-Type-Options")));
            assertThat(seenByTheRoute).as(path).containsExactly("nosniff");
        }
    }

    @Test
    void theServiceDeskIsReadByViewersAndChangedByOperatorsOnly() {
        String unknownCase = "/api/cases/" + java.util.UUID.randomUUID();
        String unknownCustomer = "/api/customers/" + java.util.UUID.randomUUID() + "/blacklist";
        assertThat(getAs(VIEWER, "/api/cases").statusCode()).isEqualTo(200);
        assertThat(postAs(null, unknownCase + "/assign", "{\"assignee\": \"agent-7\"}")
                        .statusCode())
                .isEqualTo(401);
        assertThat(postAs(VIEWER, unknownCase + "/assign", "{\"assignee\": \"agent-7\"}")
                        .statusCode())
                .isEqualTo(403);
        assertThat(postAs(OPERATOR, unknownCase + "/assign", "{\"assignee\": \"agent-7\"}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(putAs(null, unknownCustomer, "{\"blacklisted\": true}").statusCode())
                .isEqualTo(401);
        assertThat(putAs(VIEWER, unknownCustomer, "{\"blacklisted\": true}").statusCode())
                .isEqualTo(403);
        assertThat(putAs(OPERATOR, unknownCustomer, "{\"blacklisted\": true}").statusCode())
                .isEqualTo(404);
    }

    @Test
    void aViewerCannotStopARouteAndAnOperatorCan() {
        // the stand-in ERP's route is off in tests: an operator starts it, a viewer cannot stop it, an operator can
        assertThat(camel.getRouteController().getRouteStatus("erp-simulator")).isEqualTo(ServiceStatus.Stopped);
        assertThat(exec(VIEWER, "start()")).isEqualTo(403);
        assertThat(camel.getRouteController().getRouteStatus("erp-simulator")).isEqualTo(ServiceStatus.Stopped);
        assertThat(exec(OPERATOR, "start()")).isEqualTo(200);
        assertThat(camel.getRouteController().getRouteStatus("erp-simulator")).isEqualTo(ServiceStatus.Started);

        assertThat(exec(VIEWER, "stop()")).isEqualTo(403);
        assertThat(camel.getRouteController().getRouteStatus("erp-simulator")).isEqualTo(ServiceStatus.Started);
        // a viewer still reads what Hawtio's Camel views show: state, statistics, the route as XML
        assertThat(json(getAs(VIEWER, "/actuator/jolokia/read/" + SIMULATOR + "/State"))
                        .path("value")
                        .asText())
                .isEqualTo("Started");
        assertThat(exec(VIEWER, "dumpRouteAsXml()")).isEqualTo(200);

        assertThat(exec(OPERATOR, "stop()")).isEqualTo(200);
        assertThat(camel.getRouteController().getRouteStatus("erp-simulator")).isEqualTo(ServiceStatus.Stopped);
    }

    /** The Jolokia status of an operation on the stand-in ERP's route (Jolokia answers HTTP 200 with it in the body). */
    private int exec(String login, String operation) {
        return json(getAs(login, "/actuator/jolokia/exec/" + SIMULATOR + "/" + operation))
                .path("status")
                .asInt();
    }

    @Test
    void jolokiaShowsOnlyCamelArtemisAndReadOnlyJvmBeans() {
        assertThat(json(getAs(OPERATOR, "/actuator/jolokia/list?maxDepth=1"))
                        .path("value")
                        .fieldNames())
                .toIterable()
                .containsExactlyInAnyOrder("org.apache.camel", "org.apache.activemq.artemis", "java.lang");
        assertThat(json(getAs(OPERATOR, "/actuator/jolokia/read/java.lang:type=Memory/HeapMemoryUsage"))
                        .path("status")
                        .asInt())
                .isEqualTo(200);
        assertThat(json(getAs(OPERATOR, "/actuator/jolokia/exec/java.lang:type=Memory/gc()"))
                        .path("status")
                        .asInt())
                .isEqualTo(403);
        assertThat(json(getAs(
                                OPERATOR,
                                "/actuator/jolokia/read/com.sun.management:type=HotSpotDiagnostic/DiagnosticOptions"))
                        .path("status")
                        .asInt())
                .isEqualTo(403);
        assertThat(json(getAs(OPERATOR, "/actuator/jolokia/read/jolokia:type=Config/HistoryMaxEntries"))
                        .path("status")
                        .asInt())
                .isIn(403, 404);
    }

    @Test
    void theOperationsApiReadsForViewersAndActsForOperators() {
        assertThat(getAs(VIEWER, "/api/ops/dlq").statusCode()).isEqualTo(200);
        assertThat(getAs(VIEWER, "/api/ops/journal?limit=1").statusCode()).isEqualTo(200);
        assertThat(postAs(VIEWER, "/api/ops/replay", "{\"order\": \"1\"}").statusCode())
                .isEqualTo(403);
        assertThat(postAs(VIEWER, "/api/ops/dlq/retry", "{}").statusCode()).isEqualTo(403);
        assertThat(getAs("viewer:wrong", "/api/ops/dlq").statusCode()).isEqualTo(401);
    }
}
