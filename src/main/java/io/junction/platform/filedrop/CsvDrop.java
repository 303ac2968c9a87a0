package io.junction.platform.filedrop;

import io.junction.canonical.FieldError;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.camel.Exchange;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * What every CSV file dropped into an inbox folder shares (inventory levels, 3PL shipment files): a UTF-8 CSV with a
 * fixed header, read record by record (never loaded whole), errors named by line, and a report written into error/
 * beside the file when it moves there.
 */
public final class CsvDrop {

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setTrim(true)
            .build();

    private CsvDrop() {}

    /**
     * A parser over the dropped file's content, streaming. A byte that is not UTF-8 fails the read (a
     * CharacterCodingException) instead of becoming a silent U+FFFD in a key or a tracking number; {@link #unreadable}
     * says so in the report.
     */
    public static CSVParser open(Exchange exchange) throws IOException {
        InputStream in = exchange.getMessage().getBody(InputStream.class);
        return CSVParser.parse(
                new InputStreamReader(
                        in,
                        StandardCharsets.UTF_8
                                .newDecoder()
                                .onMalformedInput(CodingErrorAction.REPORT)
                                .onUnmappableCharacter(CodingErrorAction.REPORT)),
                FORMAT);
    }

    /** Why the reader gave up on a file: bytes that are not UTF-8, or the parser's own words (e.g. an unclosed quote). */
    public static String unreadable(Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof CharacterCodingException) {
                return "not valid UTF-8 text";
            }
        }
        return e.getMessage();
    }

    /** The header problem, if the file's header is not exactly {@code expected}. */
    public static Optional<FieldError> headerError(CSVParser csv, List<String> expected) {
        if (csv.getHeaderNames().equals(expected)) {
            return Optional.empty();
        }
        return Optional.of(new FieldError(
                "line 1",
                "header must be " + String.join(",", expected) + ", is " + String.join(",", csv.getHeaderNames())));
    }

    /** "line N" of a record, counting the header as line 1. */
    public static String line(CSVRecord record) {
        return "line " + (record.getRecordNumber() + 1);
    }

    /** The column-count problem of a record, if it has not as many cells as the header. */
    public static Optional<FieldError> shapeError(CSVRecord record, int columns) {
        return record.isConsistent()
                ? Optional.empty()
                : Optional.of(new FieldError(line(record), "expected " + columns + " columns, found " + record.size()));
    }

    public static String fileName(Exchange exchange) {
        return exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
    }

    /** Writes {@code <file>.errors.txt} into error/, where the file itself is moved: the heading, then one bad line each. */
    public static void report(Exchange exchange, String heading, List<FieldError> errors) {
        String name = fileName(exchange);
        Path errorDir = Path.of(exchange.getMessage().getHeader(Exchange.FILE_PARENT, String.class), "error");
        StringBuilder text = new StringBuilder(heading).append('\n');
        errors.forEach(
                e -> text.append(e.field()).append(": ").append(e.problem()).append('\n'));
        try {
            Files.createDirectories(errorDir);
            Files.writeString(errorDir.resolve(name + ".errors.txt"), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the error report for " + name, e);
        }
    }
}
