package io.junction.support;

import io.junction.platform.bus.BusTopology;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.FileSystemResource;

/** The bus topology config/application.yml configures, bound as the hub binds it, for tests without a hub. */
public final class DefaultTopology {

    private DefaultTopology() {}

    public static BusTopology of(String yamlFile) {
        try {
            return new Binder(ConfigurationPropertySources.from(
                            new YamlPropertySourceLoader().load(yamlFile, new FileSystemResource(yamlFile))))
                    .bind("junction.bus", BusTopology.class)
                    .get();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static BusTopology get() {
        return of("config/application.yml");
    }
}
