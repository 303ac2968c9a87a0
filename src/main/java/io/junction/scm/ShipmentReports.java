package io.junction.scm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.schibsted.spt.data.jslt.JsltException;
import io.junction.canonical.CanonicalValidator;
import io.junction.failure.FieldError;
import io.junction.failure.ProblemException;
import io.junction.mapping.Mappings;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * Source payload → shipment report: the source's JSLT mapping (mappings/scm/), then the status table, then the report
 * schema. A mapping outputs {@code {"type", "deliveryId", "vocabulary", "data"}}, and no type for a payload the hub
 * has no use for.
 */
@Component
public class ShipmentReports {

    static final String SCHEMA = "shipment-report.schema.json";

    /** A mapped payload: its delivery id, and the report (null when ignored). */
    public record Mapped(String deliveryId, ShipmentReport report) {
    }

    private final Mappings mappings;
    private final ShipmentStatusMap statusMap;
    private final CanonicalValidator validator;
    private final ObjectMapper json;

    public ShipmentReports(Mappings mappings, ShipmentStatusMap statusMap, CanonicalValidator validator, ObjectMapper json) {
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
            throw new ProblemException(422, "Unprocessable content", "the payload cannot be mapped: " + e.getMessage(),
                    List.of(new FieldError("$", e.getMessage())));
        }
        String deliveryId = mapped.path("deliveryId").asText(null);
        if (!mapped.hasNonNull("type")) {
            return new Mapped(deliveryId, null);
        }
        return new Mapped(deliveryId, toReport(normalize(mapped)));
    }

    /** The mapping output's data with every checkpoint's code looked up in the status table (what fixtures show). */
    public JsonNode normalize(JsonNode mapped) {
        return statusMap.normalize(mapped.path("vocabulary").asText(), mapped.path("data"));
    }

    /** A normalized report, validated: 422 naming each field at fault. */
    public ShipmentReport toReport(JsonNode data) {
        List<FieldError> errors = validator.validate(SCHEMA, data);
        if (!errors.isEmpty()) {
            throw new ProblemException(422, "Unprocessable content", "the payload does not map to a valid shipment report", errors);
        }
        try {
            return json.treeToValue(data, ShipmentReport.class);
        } catch (Exception e) {
            throw new ProblemException(422, "Unprocessable content", "the shipment report cannot be read: " + e.getMessage());
        }
    }
}
