package io.junction.view.segment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.canonical.FieldError;
import io.junction.platform.failure.ProblemException;
import io.junction.platform.security.CustomerReadAudit;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Segments of the customer base for targeted marketing (docs/segments.md): {@code GET /api/customers?tier=&stage=}
 * lists a segment page by page, {@code GET /api/customers/export.csv} streams the segment's customers who opted in to
 * marketing as CSV. Both are audited as one read of many customers (platform/security/CustomerReadAudit).
 */
@Component
public class Segments {

    static final int MAX_SIZE = 200;

    private final SegmentStore store;
    private final CustomerReadAudit audit;
    private final ObjectMapper json;
    private final int exportBatch;

    public Segments(
            SegmentStore store,
            CustomerReadAudit audit,
            ObjectMapper json,
            @Value("${junction.segments.export-batch:500}") int exportBatch) {
        this.store = store;
        this.audit = audit;
        this.json = json;
        this.exportBatch = exportBatch;
    }

    /** The segment the query asks for; a 400 if a filter is bad, or if it also asks for one customer (email, phone, source id). */
    public Segment segment(
            @Header("tier") String tier,
            @Header("stage") String stage,
            @Header("minSpend") String minSpend,
            @Header("lastOrderBefore") String lastOrderBefore,
            @Header("email") String email,
            @Header("phone") String phone,
            @Header("system") String system,
            @Header("sourceId") String sourceId) {
        List<String> lookups = new ArrayList<>();
        String[][] given = {{"email", email}, {"phone", phone}, {"system", system}, {"sourceId", sourceId}};
        for (String[] parameter : given) {
            if (parameter[1] != null) {
                lookups.add(parameter[0]);
            }
        }
        if (!lookups.isEmpty()) {
            throw ProblemException.badRequest(
                    "a segment (" + String.join(", ", Segment.PARAMETERS)
                            + ", page, size) and a lookup of one customer (" + String.join(", ", lookups)
                            + ") cannot be combined",
                    lookups.stream()
                            .map(l -> new FieldError(
                                    l, "not with a segment filter: look one customer up, or list a segment"))
                            .toArray(FieldError[]::new));
        }
        return Segment.of(tier, stage, minSpend, lastOrderBefore);
    }

    /** One page of the segment: {@code items}, {@code page}, {@code size}, {@code total}, and {@code next} unless it is the last. */
    public String list(@Body Segment segment, @Header("page") String pageParam, @Header("size") String sizeParam)
            throws Exception {
        int page = number("page", pageParam, 0, 0, Integer.MAX_VALUE / MAX_SIZE, "a whole number from 0");
        int size = number("size", sizeParam, 50, 1, MAX_SIZE, "a whole number from 1 to " + MAX_SIZE);
        long total = store.count(segment);
        ObjectNode answer = json.createObjectNode()
                .put("segment", segment.describe())
                .put("page", page)
                .put("size", size)
                .put("total", total);
        if ((long) (page + 1) * size < total) {
            answer.put(
                    "next", "/api/customers?" + query(segment.parameters()) + "&page=" + (page + 1) + "&size=" + size);
        }
        answer.set("items", json.valueToTree(store.page(segment, page, size)));
        return json.writeValueAsString(answer);
    }

    /**
     * The segment's opted-in customers as CSV, read from the database as the caller reads it. The read is audited
     * before the first row; the audit row gets the count when the export ends.
     */
    public InputStream export(
            @Body Segment segment,
            @ExchangeProperty(CustomerReadAudit.CALLER) String caller,
            @ExchangeProperty(CustomerReadAudit.ADDRESS) String address) {
        long auditId = audit.recordMany(caller, address, "export", segment.describe(), null);
        return new CsvExport(store, segment, exportBatch, rows -> audit.countRows(auditId, rows));
    }

    /** The export's file name: customers-tier-GOLD-stage-AT_RISK.csv */
    public String fileName(@Body Segment segment) {
        return "customers-" + segment.describe().replaceAll("[^A-Za-z0-9_.,-]+", "-") + ".csv";
    }

    private static int number(String name, String value, int absent, int min, int max, String allowed) {
        if (value == null || value.isBlank()) {
            return absent;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        String shown = value.length() > 20 ? value.substring(0, 20) + "…" : value;
        throw ProblemException.badRequest(
                name + " must be " + allowed + ", not '" + shown + "'", new FieldError(name, allowed));
    }

    private static String query(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
