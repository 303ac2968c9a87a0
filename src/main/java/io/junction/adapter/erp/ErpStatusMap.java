package io.junction.adapter.erp;

import io.junction.canonical.FieldError;
import io.junction.canonical.OrderStatus;
import io.junction.platform.failure.ProblemException;
import io.junction.platform.home.HubFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * The ERP's status codes in canonical terms, read from mappings/erp/status-map.csv (data, not code); ERPNext's
 * Sales Order statuses from mappings/erp/erpnext/status-map.csv, in the same form.
 */
@Component
public class ErpStatusMap {

    /** What one ERP code means: the canonical status (null: none, nothing to report), and whether it also raises order.backordered. */
    public record Meaning(OrderStatus status, boolean backorder) {}

    private final Map<String, Meaning> codes = new HashMap<>();
    private final String name;

    @Autowired
    public ErpStatusMap(HubFiles files) {
        this(files, "erp/status-map.csv");
    }

    /** The map in {@code name}, a file below the mappings folder. */
    public ErpStatusMap(HubFiles files, String name) {
        this.name = name;
        Resource file = files.mapping(name);
        try {
            List<String> lines =
                    file.getContentAsString(StandardCharsets.UTF_8).lines().toList();
            for (String line : lines) {
                if (line.isBlank() || line.startsWith("#") || line.startsWith("erp_code,")) {
                    continue;
                }
                String[] cells = line.split(",", -1);
                codes.put(
                        cells[0].trim(),
                        new Meaning(
                                cells[1].isBlank() ? null : OrderStatus.valueOf(cells[1].trim()),
                                cells.length > 2 && cells[2].trim().equals("order.backordered")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("ERP status map " + file.getDescription() + " cannot be read", e);
        }
    }

    public Meaning meaning(String code) {
        Meaning meaning = codes.get(code == null ? null : code.trim());
        if (meaning == null) {
            throw new ProblemException(
                    422,
                    "Unprocessable content",
                    "unknown ERP status code '" + code + "'",
                    List.of(new FieldError("status_code", "not in mappings/" + name)));
        }
        return meaning;
    }
}
