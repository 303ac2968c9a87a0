package io.junction.adapter.scm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.canonical.ShipmentStatus;
import io.junction.platform.home.HubFiles;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * Every source's status codes in canonical terms, read from mappings/scm/status-map.csv (data, not code): columns
 * vocabulary, code, status. A code ending in {@code *} matches every code it prefixes (AfterShip's sub-tags); an exact
 * row wins over a prefix, a longer prefix over a shorter. Codes compare case-insensitively.
 */
@Component
public class ShipmentStatusMap {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setCommentMarker('#')
            .setTrim(true)
            .setIgnoreEmptyLines(true)
            .build();

    private final Map<String, ShipmentStatus> exact = new HashMap<>();
    private final List<Map.Entry<String, ShipmentStatus>> prefixes = new ArrayList<>();

    public ShipmentStatusMap(HubFiles files) {
        Resource file = files.mapping("scm/status-map.csv");
        try (Reader reader = new InputStreamReader(file.getInputStream(), StandardCharsets.UTF_8);
                CSVParser csv = CSVParser.parse(reader, FORMAT)) {
            for (CSVRecord row : csv) {
                String key = key(row.get("vocabulary"), row.get("code"));
                ShipmentStatus status = ShipmentStatus.valueOf(row.get("status"));
                if (key.endsWith("*")) {
                    prefixes.add(Map.entry(key.substring(0, key.length() - 1), status));
                } else {
                    exact.put(key, status);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("SCM status map " + file.getDescription() + " cannot be read", e);
        }
        prefixes.sort((a, b) -> b.getKey().length() - a.getKey().length());
    }

    public Optional<ShipmentStatus> status(String vocabulary, String code) {
        String key = key(vocabulary, code);
        ShipmentStatus found = exact.get(key);
        if (found != null) {
            return Optional.of(found);
        }
        return prefixes.stream()
                .filter(p -> key.startsWith(p.getKey()))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /** Sets {@code status} and {@code known} on every checkpoint of a mapped report; an unknown code stays, flagged. */
    public JsonNode normalize(String vocabulary, JsonNode report) {
        ObjectNode normalized = report.deepCopy();
        for (JsonNode checkpoint : normalized.path("checkpoints")) {
            if (checkpoint instanceof ObjectNode c && c.hasNonNull("code")) {
                Optional<ShipmentStatus> status =
                        status(vocabulary, c.get("code").asText());
                status.ifPresent(s -> c.put("status", s.name()));
                c.put("known", status.isPresent());
            }
        }
        return normalized;
    }

    private static String key(String vocabulary, String code) {
        return (vocabulary + "/" + code).trim().toLowerCase(Locale.ROOT);
    }
}
