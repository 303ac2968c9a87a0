package io.junction.bench.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.File;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns JMH's JSON into the run's summary: a table on standard output and {@code <name>.json} beside JMH's own file
 * {@code <name>-raw.json}, with the commit, cores and settings. The figure is the median time per operation (the mean
 * beside it); each median is also given as a ratio of its baseline's, measured in the same run: Jackson reading and writing the same storefront body (the Shopify one outside the intake benchmark).
 * Usage: JmhReport &lt;dir&gt;/&lt;name&gt;-raw.json &lt;commit&gt;
 */
public final class JmhReport {

    private static final String INTAKE = StorefrontIntakeBench.class.getName() + ".";
    private static final String BASELINE = INTAKE + "jacksonBaseline";

    private JmhReport() {
    }

    public static void main(String[] args) throws IOException {
        File raw = new File(args[0]);
        JsonNode results = HubParts.JSON.readTree(raw);
        Map<String, Double> baselines = new LinkedHashMap<>();
        results.forEach(r -> {
            if (r.path("benchmark").asText().equals(BASELINE)) {
                baselines.put(r.path("params").path("dialect").asText(), median(r.path("primaryMetric")));
            }
        });

        List<Map<String, Object>> rows = new ArrayList<>();
        System.out.println("| benchmark | params | median | mean ± error | unit | median × Jackson parse+write of the same body |");
        System.out.println("|---|---|---|---|---|---|");
        for (JsonNode r : results) {
            String benchmark = r.path("benchmark").asText();
            String params = r.path("params").isMissingNode() ? "" : r.path("params").toString();
            JsonNode metric = r.path("primaryMetric");
            Double ratio = ratio(benchmark, r, metric, baselines);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("benchmark", benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1));
            row.put("params", r.path("params"));
            row.put("median", round(median(metric)));
            row.put("mean", round(metric.path("score").asDouble()));
            row.put("error", round(metric.path("scoreError").asDouble()));
            row.put("unit", metric.path("scoreUnit").asText());
            row.put("ratioToBaseline", ratio);
            rows.add(row);
            System.out.printf("| %s | %s | %s | %s ± %s | %s | %s |%n", row.get("benchmark"), params, row.get("median"),
                    row.get("mean"), row.get("error"), row.get("unit"), ratio == null ? "" : ratio);
        }

        JsonNode first = results.path(0);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("date", OffsetDateTime.now(ZoneOffset.UTC).withNano(0).toString());
        meta.put("commit", args[1]);
        meta.put("cores", Runtime.getRuntime().availableProcessors());
        meta.put("java", first.path("jdkVersion").asText());
        meta.put("mode", first.path("mode").asText());
        meta.put("forks", first.path("forks").asInt());
        meta.put("warmup", first.path("warmupIterations").asInt() + " × " + first.path("warmupTime").asText());
        meta.put("measurement", first.path("measurementIterations").asInt() + " × " + first.path("measurementTime").asText());
        meta.put("jmhRaw", raw.getName());
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("meta", meta);
        summary.put("results", rows);
        File out = new File(raw.getParentFile(), raw.getName().replace("-raw.json", ".json"));
        HubParts.JSON.writer().with(SerializationFeature.INDENT_OUTPUT).writeValue(out, summary);
        System.out.println();
        System.out.println("written: " + out + " (JMH's own: " + raw + ")");
    }

    /** Intake steps against the baseline of their dialect; validation and signature against the Shopify one. */
    private static Double ratio(String benchmark, JsonNode result, JsonNode metric, Map<String, Double> baselines) {
        Double baseline;
        if (benchmark.startsWith(INTAKE)) {
            baseline = baselines.get(result.path("params").path("dialect").asText());
        } else if (benchmark.startsWith(CanonicalValidationBench.class.getName()) || benchmark.startsWith(WebhookSignatureBench.class.getName())) {
            baseline = baselines.get("shopify");
        } else {
            return null;
        }
        return baseline == null || !metric.path("scoreUnit").asText().equals("us/op") ? null : round(median(metric) / baseline);
    }

    private static double median(JsonNode metric) {
        return metric.path("scorePercentiles").path("50.0").asDouble();
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
