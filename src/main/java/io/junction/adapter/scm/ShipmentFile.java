package io.junction.adapter.scm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.canonical.FieldError;
import io.junction.platform.failure.ProblemException;
import io.junction.platform.filedrop.CsvDrop;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A 3PL shipment file dropped into {@code <data-dir>/inbox/shipments}: one checkpoint per line, read as a stream in
 * batches (a file of any length is never held in memory), each line mapped by mappings/scm/3pl-csv.jslt. Good lines
 * are applied; every bad line is named by number in {@code error/<file>.errors.txt}, and a file with any goes to error/.
 * A bad header applies nothing. Re-dropping a fixed file is safe: checkpoints already known are not added twice.
 */
@Component
public class ShipmentFile {

    static final List<String> HEADER = List.of(
            "shipment_ref",
            "order_ref",
            "carrier",
            "tracking_number",
            "status_code",
            "event_time",
            "location",
            "message");
    private static final String ERRORS = "JunctionFileErrors";
    private static final String APPLIED = "JunctionFileLinesApplied";

    /**
     * Consecutive good lines of a file, applied in one transaction; the cause id names the file version and position,
     * {@code lines} the file and its lines ({@code name.csv:2-501}), the batch's correlation id in the journal and on the bus.
     */
    public record Batch(String causeId, String lines, List<ShipmentReport> reports) {}

    private final ShipmentReports reports;
    private final ObjectMapper json;
    private final String mapping;
    private final String source;
    private final int batchLines;

    public ShipmentFile(
            ShipmentReports reports,
            ObjectMapper json,
            @Value("${junction.shipments.file.mapping:scm/3pl-csv}") String mapping,
            @Value("${junction.shipments.file.source:3pl}") String source,
            @Value("${junction.shipments.file.batch-lines:500}") int batchLines) {
        this.reports = reports;
        this.json = json;
        this.mapping = mapping;
        this.source = source;
        this.batchLines = batchLines;
    }

    /** The file's good lines in batches, read lazily as the split asks for them; bad lines are collected aside. */
    public Iterator<Batch> batches(Exchange exchange) throws IOException {
        List<FieldError> errors = new ArrayList<>();
        exchange.setProperty(ERRORS, errors);
        AtomicInteger applied = new AtomicInteger();
        exchange.setProperty(APPLIED, applied);
        CSVParser csv;
        try {
            csv = CsvDrop.open(exchange);
        } catch (IOException | UncheckedIOException e) {
            // the parser reads the header, and the first block of the file with it, right away
            errors.add(new FieldError("line ?", "unreadable CSV: " + CsvDrop.unreadable(e)));
            return Collections.emptyIterator();
        }
        Optional<FieldError> header = CsvDrop.headerError(csv, HEADER);
        if (header.isPresent()) {
            errors.add(header.get());
            csv.close();
            return Collections.emptyIterator();
        }
        String name = CsvDrop.fileName(exchange);
        String version = name + "/" + exchange.getMessage().getHeader(Exchange.FILE_LENGTH) + "/"
                + exchange.getMessage().getHeader(Exchange.FILE_LAST_MODIFIED, Object.class);
        Iterator<CSVRecord> records = csv.iterator();
        return new Iterator<>() {
            private Batch next;
            private boolean stopped;

            @Override
            public boolean hasNext() {
                while (next == null && more()) {
                    next = read();
                }
                if (next == null) {
                    close(csv);
                }
                return next != null;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Batch batch = next;
                next = null;
                applied.addAndGet(batch.reports().size());
                return batch;
            }

            private Batch read() {
                List<ShipmentReport> batch = new ArrayList<>();
                long first = -1;
                long last = -1;
                while (batch.size() < batchLines && more()) {
                    CSVRecord record = records.next();
                    first = first < 0 ? record.getRecordNumber() : first;
                    last = record.getRecordNumber();
                    line(record).ifPresent(batch::add);
                }
                // the file's line numbers, the header being line 1 (as in the error report)
                return batch.isEmpty()
                        ? null
                        : new Batch(
                                UUID.nameUUIDFromBytes((version + "/" + first).getBytes(StandardCharsets.UTF_8))
                                        .toString(),
                                name + ":" + (first + 1) + "-" + (last + 1),
                                batch);
            }

            /** Whether a record follows; the parser reads it ahead, so a bad quote or byte shows here and stops the reading. */
            private boolean more() {
                if (stopped) {
                    return false;
                }
                try {
                    return records.hasNext();
                } catch (UncheckedIOException | IllegalStateException e) {
                    stopped = true;
                    errors.add(new FieldError("line ?", "unreadable CSV, reading stopped: " + CsvDrop.unreadable(e)));
                    return false;
                }
            }

            private Optional<ShipmentReport> line(CSVRecord record) {
                Optional<FieldError> shape = CsvDrop.shapeError(record, HEADER.size());
                if (shape.isPresent()) {
                    errors.add(shape.get());
                    return Optional.empty();
                }
                String problem = check(record);
                if (problem == null) {
                    try {
                        ObjectNode row = json.createObjectNode();
                        HEADER.forEach(column -> row.put(column, record.get(column)));
                        return reports.map(mapping, row, Map.of("source", source, "deliveryId", "")).reports().stream()
                                .findFirst();
                    } catch (ProblemException e) {
                        problem = e.getMessage()
                                + e.errors().stream()
                                        .map(error -> error.field() + " " + error.problem())
                                        .collect(Collectors.joining(
                                                "; ", e.errors().isEmpty() ? "" : ": ", ""));
                    }
                }
                errors.add(new FieldError(CsvDrop.line(record), problem));
                return Optional.empty();
            }
        };
    }

    /** After the last batch: a file with bad lines gets its report and goes to error/ (its good lines are applied). */
    public void finish(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<FieldError> errors = exchange.getProperty(ERRORS, List.class);
        if (errors == null || errors.isEmpty()) {
            return;
        }
        String name = CsvDrop.fileName(exchange);
        int applied = exchange.getProperty(APPLIED, AtomicInteger.class).get();
        CsvDrop.report(
                exchange,
                "Shipment file " + name + ": " + applied + " good line(s) applied, " + errors.size() + " bad:",
                errors);
        throw new ProblemException(
                422,
                "Unprocessable content",
                "shipment file " + name + " has " + errors.size() + " bad line(s)",
                errors);
    }

    /** The line's own rules, in the file's words: which column is wrong. */
    private static String check(CSVRecord record) {
        if (record.get("tracking_number").isEmpty()
                && record.get("shipment_ref").isEmpty()) {
            return "tracking_number or shipment_ref is required";
        }
        if (record.get("status_code").isEmpty()) {
            return "status_code is required";
        }
        try {
            OffsetDateTime.parse(record.get("event_time"));
            return null;
        } catch (DateTimeParseException e) {
            return "event_time must be an ISO-8601 time with offset, e.g. 2024-07-01T10:00:00Z";
        }
    }

    private static void close(CSVParser csv) {
        try {
            csv.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
