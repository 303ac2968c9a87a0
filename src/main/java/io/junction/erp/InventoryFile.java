package io.junction.erp;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.junction.canonical.CanonicalValidator;
import io.junction.canonical.EventType;
import io.junction.failure.FieldError;
import io.junction.failure.ProblemException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * An inventory file dropped by the ERP or a warehouse: CSV with the header {@code sku,location,on_hand,reserved,as_of}.
 * All or nothing: the whole file is checked before any line is applied; a file with a bad line is applied not at all
 * and moves to error/ with a report beside it that names every bad line.
 */
@Component
public class InventoryFile {

    static final List<String> HEADER = List.of("sku", "location", "on_hand", "reserved", "as_of");
    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).build();

    private final CanonicalValidator validator;
    private final ObjectMapper json;

    public InventoryFile(CanonicalValidator validator, ObjectMapper json) {
        this.validator = validator;
        this.json = json;
    }

    /** Every level in the file, or a ProblemException naming the bad lines (after writing the report). */
    public List<InventoryFeed.Level> parse(Exchange exchange) {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        List<FieldError> errors = new ArrayList<>();
        List<InventoryFeed.Level> levels = new ArrayList<>();
        try (InputStream in = exchange.getMessage().getBody(InputStream.class);
             // strict: a byte that is not UTF-8 is an error, not a silent U+FFFD in a SKU
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                     .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
             CSVParser csv = CSVParser.parse(reader, FORMAT)) {
            if (!csv.getHeaderNames().equals(HEADER)) {
                errors.add(new FieldError("line 1", "header must be " + String.join(",", HEADER) + ", is " + String.join(",", csv.getHeaderNames())));
            } else {
                for (CSVRecord record : csv) {
                    readLine(record, levels, errors);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            boolean encoding = e instanceof CharacterCodingException || e.getCause() instanceof CharacterCodingException;
            errors.add(new FieldError("line ?", encoding ? "unreadable CSV: not valid UTF-8 text" : "unreadable CSV: " + e.getMessage()));
        }
        if (!errors.isEmpty()) {
            report(exchange, name, errors);
            throw new ProblemException(422, "Unprocessable content", "inventory file " + name + " has " + errors.size()
                    + " bad line(s); nothing of it was applied", errors);
        }
        return levels;
    }

    private void readLine(CSVRecord record, List<InventoryFeed.Level> levels, List<FieldError> errors) {
        String line = "line " + (record.getRecordNumber() + 1);
        if (!record.isConsistent()) {
            errors.add(new FieldError(line, "expected " + HEADER.size() + " columns, found " + record.size()));
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
            InventoryFeed.Level level = new InventoryFeed.Level(sku, location, onHand, reserved, OffsetDateTime.parse(record.get("as_of")));
            // the canonical rules too (lengths, a time not in the future), so that nothing fails half-way through the file
            List<FieldError> invalid = validator.validate(EventType.INVENTORY_CHANGED, json.valueToTree(InventoryFeed.data(level)));
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

    /** Writes {@code <file>.errors.txt} into error/, where the file itself is moved. */
    private static void report(Exchange exchange, String name, List<FieldError> errors) {
        Path errorDir = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PARENT, String.class), "error");
        StringBuilder text = new StringBuilder("Inventory file " + name + " was not applied (all or nothing):\n");
        errors.forEach(e -> text.append(e.field()).append(": ").append(e.problem()).append('\n'));
        try {
            Files.createDirectories(errorDir);
            Files.writeString(errorDir.resolve(name + ".errors.txt"), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the error report for " + name, e);
        }
    }
}
