package io.junction.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The run's figures as a table on the console and as a JSON file, one per run, to compare runs. */
final class Report {

    private Report() {
    }

    static void print(Map<String, Object> report) {
        System.out.println();
        report.forEach((section, figures) -> {
            Map<?, ?> rows = (Map<?, ?>) figures;
            Object first = rows.values().stream().findFirst().orElse(null);
            if (first instanceof Map<?, ?> columns) {
                // a table of rows with the same columns (the targets)
                System.out.println("| " + section + " | " + String.join(" | ", columns.keySet().stream().map(String::valueOf).toList()) + " |");
                System.out.println("|---".repeat(columns.size() + 1) + "|");
                rows.forEach((name, row) -> System.out.println("| " + name + " | " + String.join(" | ",
                        ((Map<?, ?>) row).values().stream().map(String::valueOf).toList()) + " |"));
            } else {
                System.out.println("| " + section + " | |");
                System.out.println("|---|---|");
                rows.forEach((name, value) -> System.out.println("| " + name + " | " + value + " |"));
            }
            System.out.println();
        });
    }

    @SuppressWarnings("unchecked")
    static Path write(Map<String, Object> report, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> meta = (Map<String, Object>) report.get("meta");
        Path file = dir.resolve(meta.get("date").toString().replace(":", "") + "-" + meta.get("commit") + "-" + meta.get("database") + ".json");
        Bench.json().writeValue(file.toFile(), report);
        return file;
    }
}
