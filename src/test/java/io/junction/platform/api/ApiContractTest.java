package io.junction.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.junction.support.HubTest;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;

/**
 * The OpenAPI document (src/main/resources/openapi.yaml) is valid OpenAPI, is what /openapi.json serves, and names
 * exactly the endpoints the hub maps under /api, /webhooks and /openapi: a new endpoint without its entry fails here,
 * by name, and so does an entry whose endpoint is gone.
 */
class ApiContractTest extends HubTest {

    private static final String SPEC = "src/main/resources/" + ApiSpec.SPEC;
    private static final String[] CONTRACT = {"/api/", "/webhooks/", "/openapi"};
    /** Methods Spring answers by itself for every mapped path. */
    private static final Set<String> IMPLIED = Set.of("HEAD", "OPTIONS");

    @Autowired
    private HttpEndpoints endpoints;

    @Test
    void theSpecIsValidOpenApi() throws IOException {
        SwaggerParseResult parsed =
                parse(new ClassPathResource(ApiSpec.SPEC).getContentAsString(StandardCharsets.UTF_8));

        assertThat(parsed.getMessages()).as("validator messages for " + SPEC).isEmpty();
        assertThat(parsed.getOpenAPI().getPaths()).isNotEmpty();
        assertThat(parsed.getOpenAPI().getComponents().getSchemas())
                .containsKeys(
                        "Problem",
                        "Customer",
                        "Order",
                        "ServiceCase",
                        "CrmOutboxEntry",
                        "JournalEntry",
                        "DeadLetter",
                        "EventAccepted");
    }

    @Test
    void theServedJsonIsTheSpec() {
        HttpResponse<String> json = get("/openapi.json");
        HttpResponse<String> yaml = get("/openapi.yaml");

        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(json.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        SwaggerParseResult served = parse(json.body());
        assertThat(served.getMessages()).isEmpty();
        assertThat(served.getOpenAPI()).isEqualTo(parse(yaml.body()).getOpenAPI());
        assertThat(served.getOpenAPI()
                        .getPaths()
                        .get("/webhooks/shopify")
                        .getPost()
                        .getResponses())
                .containsKeys("202", "401", "415");
    }

    @Test
    void theSpecNamesEveryMappedEndpointAndNoOther() {
        SortedSet<String> mapped = new TreeSet<>();
        for (String prefix : CONTRACT) {
            endpoints.under(prefix).stream()
                    .filter(e -> !IMPLIED.contains(e.method()))
                    .forEach(e -> mapped.add(e.toString()));
        }
        SortedSet<String> documented = new TreeSet<>();
        parse(get("/openapi.json").body()).getOpenAPI().getPaths().forEach((path, item) -> item.readOperationsMap()
                .keySet()
                .forEach(method -> documented.add(method.name().toUpperCase(Locale.ROOT) + " " + path)));

        SortedSet<String> undocumented = new TreeSet<>(mapped);
        undocumented.removeAll(documented);
        SortedSet<String> unmapped = new TreeSet<>(documented);
        unmapped.removeAll(mapped);
        assertThat(undocumented)
                .as("endpoints the hub maps that " + SPEC + " does not describe (add each under paths)")
                .isEmpty();
        assertThat(unmapped)
                .as("operations in " + SPEC + " that the hub does not map (remove them, or map them)")
                .isEmpty();
        assertThat(mapped).contains("POST /webhooks/shopify", "GET /api/customers/{id}", "GET /api/ops/journal");
    }

    private static SwaggerParseResult parse(String document) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        return new OpenAPIV3Parser().readContents(document, null, options);
    }
}
