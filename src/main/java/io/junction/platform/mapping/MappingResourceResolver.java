package io.junction.platform.mapping;

import io.junction.platform.home.HubFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.ResourceResolver;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.service.ServiceSupport;
import org.springframework.stereotype.Component;

/**
 * Serves the mappings to Camel's resource loading under the scheme {@code mapping:}, so a route's {@code jslt:} step
 * reads them as the hub's Java does: {@code jslt:mapping:storefront/shopify.jslt} is the override folder's file, else
 * the jar's (as ASCII: {@link MappingSource#asAscii}). Camel finds it in the registry by its bean name,
 * {@code resource-loader-<scheme>}.
 */
@Component("resource-loader-mapping")
public class MappingResourceResolver extends ServiceSupport implements ResourceResolver {

    static final String SCHEME = "mapping";

    private final HubFiles files;
    private CamelContext camelContext;

    public MappingResourceResolver(HubFiles files) {
        this.files = files;
    }

    @Override
    public String getSupportedScheme() {
        return SCHEME;
    }

    @Override
    public Resource resolve(String location) {
        String name = location.substring(SCHEME.length() + 1);
        org.springframework.core.io.Resource file = files.mapping(name);
        if (!file.exists()) {
            throw new IllegalArgumentException(
                    "no mapping " + name + " in the override folder's mappings/ nor in the jar's");
        }
        try {
            return ResourceHelper.fromString(
                    location, MappingSource.asAscii(file.getContentAsString(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("mapping " + file.getDescription() + " cannot be read", e);
        }
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
