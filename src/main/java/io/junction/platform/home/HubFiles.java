package io.junction.platform.home;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The files integration teams edit: routes/, mappings/ and config/service-rules.yml. The jar carries a default of each;
 * the same file in the override folder ({@code junction.home}, the working directory unless set; mappings in
 * {@code junction.mappings-dir}, {@code <home>/mappings} unless set) wins, file by file. So the jar starts anywhere,
 * and run from the repository it reads the repository's files, edits included, without a rebuild.
 */
public final class HubFiles {

    static final String HOME = "junction.home";
    static final String MAPPINGS_DIR = "junction.mappings-dir";
    static final String RULES_FILE = "junction.service.rules-file";
    private static final String ROUTES = "routes";
    private static final String MAPPINGS = "mappings";
    private static final String DEFAULT_RULES = "config/service-rules.yml";

    private final Path home;
    private final Path mappings;
    private final Path rulesFile;

    private HubFiles(Path home, Path mappings, Path rulesFile) {
        this.home = home;
        this.mappings = mappings;
        this.rulesFile = rulesFile;
    }

    /** The repository's (or any folder's) own files over the jar's defaults. */
    public static HubFiles in(Path home) {
        return new HubFiles(home, home.resolve(MAPPINGS), null);
    }

    /** As configured; a configured folder or file that does not exist stops the start with one line. */
    public static HubFiles of(Environment environment) {
        Path home = folder(environment, HOME);
        Path root = home == null ? Path.of(".") : home;
        Path mappings = folder(environment, MAPPINGS_DIR);
        String rules = environment.getProperty(RULES_FILE);
        Path rulesFile = rules == null || rules.isBlank() ? null : Path.of(rules);
        if (rulesFile != null && !Files.isRegularFile(rulesFile)) {
            throw new MissingHubFile(
                    RULES_FILE + " " + rulesFile.toAbsolutePath().normalize() + ": no such file");
        }
        return new HubFiles(root, mappings == null ? root.resolve(MAPPINGS) : mappings, rulesFile);
    }

    private static Path folder(Environment environment, String key) {
        String value = environment.getProperty(key);
        if (value == null || value.isBlank()) {
            return null;
        }
        Path folder = Path.of(value);
        if (!Files.isDirectory(folder)) {
            throw new MissingHubFile(key + " " + folder.toAbsolutePath().normalize() + ": no such folder");
        }
        return folder;
    }

    /** A mapping file, {@code name} relative to the mappings folder (e.g. erp/status-map.csv). */
    public Resource mapping(String name) {
        return file(mappings.resolve(name), MAPPINGS + "/" + name);
    }

    /** The files of a folder below the mappings folder by name: the jar's, and the override folder's over them. */
    public Map<String, Resource> mappingFolder(String name) {
        return folder(mappings.resolve(name), MAPPINGS + "/" + name);
    }

    /** The files of a folder below config/ by name (e.g. notifications/email): the jar's, the override folder's over them. */
    public Map<String, Resource> configFolder(String name) {
        return folder(home.resolve("config").resolve(name), "config/" + name);
    }

    /** The service rules: {@code junction.service.rules-file} if set, else config/service-rules.yml. */
    public Resource serviceRules() {
        return rulesFile != null ? new FileSystemResource(rulesFile) : file(home.resolve(DEFAULT_RULES), DEFAULT_RULES);
    }

    /** The route files (routes/*.yaml) as Camel locations, for camel.main.routes-include-pattern. */
    public String routeLocations() {
        StringBuilder locations = new StringBuilder();
        folder(home.resolve(ROUTES), ROUTES).forEach((name, resource) -> {
            if (name.endsWith(".yaml")) {
                locations
                        .append(locations.isEmpty() ? "" : ",")
                        .append(
                                resource instanceof FileSystemResource file
                                        ? "file:" + file.getFile().getAbsolutePath()
                                        : "classpath:" + ROUTES + "/" + name);
            }
        });
        return locations.toString();
    }

    private static Resource file(Path override, String packaged) {
        return Files.isRegularFile(override) ? new FileSystemResource(override) : new ClassPathResource(packaged);
    }

    private static Map<String, Resource> folder(Path override, String packaged) {
        Map<String, Resource> files = new TreeMap<>();
        try {
            for (Resource resource :
                    new PathMatchingResourcePatternResolver().getResources("classpath:" + packaged + "/*")) {
                if (resource.isReadable()) {
                    files.put(resource.getFilename(), resource);
                }
            }
            if (Files.isDirectory(override)) {
                try (Stream<Path> overrides = Files.list(override)) {
                    overrides
                            .filter(Files::isRegularFile)
                            .forEach(file -> files.put(file.getFileName().toString(), new FileSystemResource(file)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the files of " + packaged + " cannot be listed", e);
        }
        return files;
    }
}
