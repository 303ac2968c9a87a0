package io.junction.platform.home;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Checks the configured override folders and files before anything starts (after the configuration files are read,
 * so a setting from any of them counts), and points Camel at the route files: each from the override folder if there,
 * else the jar's. An explicit camel.main.routes-include-pattern still wins.
 */
public class HubFilesEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String ROUTES_PATTERN = "camel.main.routes-include-pattern";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        HubFiles files = HubFiles.of(environment);
        environment
                .getPropertySources()
                .addLast(new MapPropertySource("junction-route-files", Map.of(ROUTES_PATTERN, files.routeLocations())));
    }

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }
}
