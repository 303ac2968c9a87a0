package io.junction.adapter.erp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.CanonicalValidator;
import io.junction.canonical.EventType;
import io.junction.canonical.FieldError;
import io.junction.platform.failure.ProblemException;
import io.junction.platform.filedrop.CsvDrop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.stereotype.Component;

/**
 * An inventory file dropped by the ERP or a warehouse: CSV with the header {@code sku,location,on_hand,reserved,as_of}.
 * All or nothing: the whole file is checked before any line is applied; a file with a bad line is applied not at all
 * and moves to error/ with a report beside it that names every bad line.
 */
@Component
public class InventoryFile {

    static final List<String> HEADER = List.of("sku", "location", "on_hand", "reserved", "as_of");

    private final CanonicalValidator validator;
    private final ObjectMapper json;

    public InventoryFile(CanonicalValidator validator, ObjectMapper json) {
        this.validator = validator;
        this.json = json;
    }

    /** Every level in the file, or a ProblemException naming the bad lines (after writing the report). */
    public List<InventoryFeed.Level> parse(Exchange exchange) {
        String name = CsvDrop.fileName(exchange);
        List<FieldError> errors = new ArrayList<>();
        List<InventoryFeed.Level> levels = new ArrayList<>();
        try (CSVParser csv = CsvDrop.open(exchange)) {
            CsvDrop.headerError(csv, HEADER).ifPresentOrElse(errors::add, () -> {
                for (CSVRecord record : csv) {
                    readLine(record, levels, errors);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            errors.add(new FieldError("line ?", "unreadable CSV: " + CsvDrop.unreadable(e)));
        }
        if (!errors.isEmpty()) {
            CsvDrop.report(exchange, "Inventory file " + name + " was not applied (all or nothing):", errors);
            throw new ProblemException(
                    422,
                    "Unprocessable content",
                    "inventory file " + name + " has " + errors.size() + " bad line(s); nothing of it was applied",
                    errors);
        }
        return levels;
    }

    private void readLine(CSVRecord record, List<InventoryFeed.Level> levels, List<FieldError> errors) {
        String line = CsvDrop.line(record);
        Optional<FieldError> shape = CsvDrop.shapeError(record, HEADER.size());
        if (shape.isPresent()) {
            errors.add(shape.get());
            return;
        }
        try {
            String sku = required(record, "sku");
            String location = required(record, "location");
            int onHand = Integer.parseInt(record.get("on_hand"));
            int reserved = Integer.parseInt(record.get("reserved"));
            if (onHand < 0 || reserved < 0) {
                throw new IllegalArgumentException("on_hand and reserved must not be negative");
            }
            InventoryFeed.Level level = new InventoryFeed.Level(
                    sku, location, onHand, reserved, OffsetDateTime.parse(record.get("as_of")), InventoryFeed.FILE);
            // the canonical rules too (lengths, a time not in the future), so that nothing fails half-way through the
            // file
            List<FieldError> invalid =
                    validator.validate(EventType.INVENTORY_CHANGED, json.valueToTree(InventoryFeed.data(level)));
            invalid.forEach(e -> errors.add(new FieldError(line, e.field() + " " + e.problem())));
            if (invalid.isEmpty()) {
                levels.add(level);
            }
        } catch (NumberFormatException e) {
            errors.add(new FieldError(line, "on_hand and reserved must be whole numbers"));
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(line, "as_of must be an ISO-8601 time with offset, e.g. 2024-07-01T10:00:00Z"));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(line, e.getMessage()));
        }
    }

    private static String required(CSVRecord record, String column) {
        String value = record.get(column);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(column + " is required");
        }
        return value;
    }
}
