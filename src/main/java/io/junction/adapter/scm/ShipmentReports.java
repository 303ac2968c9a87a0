package io.junction.adapter.scm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.schibsted.spt.data.jslt.JsltException;
import io.junction.canonical.CanonicalValidator;
import io.junction.canonical.FieldError;
import io.junction.platform.failure.ProblemException;
import io.junction.platform.mapping.Mappings;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Source payload → shipment reports: the source's JSLT mapping (mappings/scm/), then the status table, then the report
 * schema. A mapping outputs {@code {"type", "deliveryId", "vocabulary", "data"}}, and no type for a payload the hub
 * has no use for; {@code data} is one report, or an array of them (a Shopify order's fulfillments).
 */
@Component
public class ShipmentReports {

    static final String SCHEMA = "shipment-report.schema.json";

    /** A mapped payload: its delivery id, and its reports (none when ignored). */
    public record Mapped(String deliveryId, List<ShipmentReport> reports) {}

    private final Mappings mappings;
    private final ShipmentStatusMap statusMap;
    private final CanonicalValidator validator;
    private final ObjectMapper json;

    public ShipmentReports(
            Mappings mappings, ShipmentStatusMap statusMap, CanonicalValidator validator, ObjectMapper json) {
        this.mappings = mappings;
        this.statusMap = statusMap;
        this.validator = validator;
        this.json = json;
    }

    public Mapped map(String mapping, JsonNode payload, Map<String, String> variables) {
        JsonNode mapped;
        try {
            mapped = mappings.apply(mapping, payload, variables);
        } catch (JsltException e) {
            throw new ProblemException(
                    422,
                    "Unprocessable content",
                    "the payload cannot be mapped: " + e.getMessage(),
                    List.of(new FieldError("$", e.getMessage())));
        }
        String deliveryId = mapped.path("deliveryId").asText(null);
        if (!mapped.hasNonNull("type")) {
            return new Mapped(deliveryId, List.of());
        }
        JsonNode data = normalize(mapped);
        if (!data.isArray()) {
            return new Mapped(deliveryId, List.of(toReport(data, "")));
        }
        List<ShipmentReport> out = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            out.add(toReport(data.get(i), "[" + i + "]"));
        }
        return new Mapped(deliveryId, out);
    }

    /** The mapping output's data with every checkpoint's code looked up in the status table (what fixtures show). */
    public JsonNode normalize(JsonNode mapped) {
        String vocabulary = mapped.path("vocabulary").asText();
        JsonNode data = mapped.path("data");
        if (!data.isArray()) {
            return statusMap.normalize(vocabulary, data);
        }
        ArrayNode reports = json.createArrayNode();
        data.forEach(report -> reports.add(statusMap.normalize(vocabulary, report)));
        return reports;
    }

    /** A normalized report, validated: 422 naming each field at fault. */
    public ShipmentReport toReport(JsonNode data) {
        return toReport(data, "");
    }

    /** As {@link #toReport(JsonNode)}; {@code at} locates the report in the mapping's data array ("" for the only one). */
    private ShipmentReport toReport(JsonNode data, String at) {
        List<FieldError> errors = validator.validate(SCHEMA, data).stream()
                .map(e -> new FieldError(
                        e.field().startsWith("$") ? "$" + at + e.field().substring(1) : at + e.field(), e.problem()))
                .toList();
        if (!errors.isEmpty()) {
            throw new ProblemException(
                    422, "Unprocessable content", "the payload does not map to a valid shipment report", errors);
        }
        try {
            return json.treeToValue(data, ShipmentReport.class);
        } catch (Exception e) {
            throw new ProblemException(
                    422, "Unprocessable content", "the shipment report cannot be read: " + e.getMessage());
        }
    }
}
