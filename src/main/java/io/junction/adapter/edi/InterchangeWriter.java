package io.junction.adapter.edi;

import com.fasterxml.jackson.databind.JsonNode;
import io.xlate.edi.schema.EDISchemaException;
import io.xlate.edi.schema.Schema;
import io.xlate.edi.schema.SchemaFactory;
import io.xlate.edi.stream.EDIOutputFactory;
import io.xlate.edi.stream.EDIStreamException;
import io.xlate.edi.stream.EDIStreamWriter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Writes one message into a complete interchange with StAEDI: the envelope (EDIFACT UNB/UNH…UNT/UNZ, X12
 * ISA/GS/ST…SE/GE/IEA) around the message's segments, which a mapping produced as data (mappings/edi/*-out.jslt: an
 * array of segments, each {@code [tag, element…]}, an element a string, null for empty, or an array of components).
 * Counts and control references are the writer's, not the mapping's.
 */
@Component
public class InterchangeWriter {

    private static final DateTimeFormatter YYMMDD = DateTimeFormatter.ofPattern("yyMMdd");
    private static final DateTimeFormatter CCYYMMDD = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter HHMM = DateTimeFormatter.ofPattern("HHmm");

    /** Who sends to whom, under which interchange control number, when. */
    public record Envelope(
            String senderQualifier,
            String sender,
            String receiverQualifier,
            String receiver,
            long control,
            OffsetDateTime time) {}

    public String write(EdiProperties.Standard standard, Envelope envelope, String messageType, JsonNode segments) {
        List<Object[]> all = new ArrayList<>();
        boolean edifact = standard == EdiProperties.Standard.EDIFACT;
        String date = envelope.time().format(YYMMDD);
        String time = envelope.time().format(HHMM);
        String control = edifact ? Long.toString(envelope.control()) : String.format("%09d", envelope.control());
        if (edifact) {
            all.add(new Object[] {
                "UNB",
                List.of("UNOC", "3"),
                List.of(envelope.sender(), envelope.senderQualifier()),
                List.of(envelope.receiver(), envelope.receiverQualifier()),
                List.of(date, time),
                control
            });
            all.add(new Object[] {"UNH", "1", List.of(messageType, "D", "96A", "UN", "EAN007")});
        } else {
            all.add(new Object[] {
                "ISA",
                "00",
                " ".repeat(10),
                "00",
                " ".repeat(10),
                envelope.senderQualifier(),
                pad(envelope.sender()),
                envelope.receiverQualifier(),
                pad(envelope.receiver()),
                date,
                time,
                "U",
                "00401",
                control,
                "0",
                "P",
                ">"
            });
            all.add(new Object[] {
                "GS",
                "SH",
                envelope.sender(),
                envelope.receiver(),
                envelope.time().format(CCYYMMDD),
                time,
                Long.toString(envelope.control()),
                "X",
                "004010"
            });
            all.add(new Object[] {"ST", messageType, "0001"});
        }
        for (JsonNode segment : segments) {
            Object[] fields = new Object[segment.size()];
            for (int i = 0; i < segment.size(); i++) {
                JsonNode element = segment.get(i);
                fields[i] = element.isArray() ? components(element) : element.isNull() ? null : element.asText();
            }
            all.add(fields);
        }
        String count = Integer.toString(segments.size() + 2);
        if (edifact) {
            all.add(new Object[] {"UNT", count, "1"});
            all.add(new Object[] {"UNZ", "1", control});
        } else {
            all.add(new Object[] {"SE", count, "0001"});
            all.add(new Object[] {"GE", "1", Long.toString(envelope.control())});
            all.add(new Object[] {"IEA", "1", control});
        }
        return write(all, control(standard));
    }

    private static Schema control(EdiProperties.Standard standard) {
        try {
            return standard == EdiProperties.Standard.EDIFACT
                    ? SchemaFactory.newFactory().getControlSchema("EDIFACT", new String[] {"UNOC", "3"})
                    : SchemaFactory.newFactory().getControlSchema("X12", new String[] {"00401"});
        } catch (EDISchemaException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> components(JsonNode element) {
        List<String> out = new ArrayList<>();
        element.forEach(c -> out.add(c.isNull() ? "" : c.asText()));
        return out;
    }

    private static String pad(String id) {
        return String.format("%-15s", id);
    }

    private static String write(List<Object[]> segments, Schema controlSchema) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        EDIOutputFactory factory = EDIOutputFactory.newFactory();
        factory.setProperty(EDIOutputFactory.PRETTY_PRINT, true);
        factory.setProperty(EDIOutputFactory.TRUNCATE_EMPTY_ELEMENTS, true);
        try {
            EDIStreamWriter writer = factory.createEDIStreamWriter(out);
            // the envelope checked as it is written, as the partner's translator will check it
            writer.setControlSchema(controlSchema);
            writer.startInterchange();
            for (Object[] segment : segments) {
                writer.writeStartSegment((String) segment[0]);
                for (int i = 1; i < segment.length; i++) {
                    element(writer, segment[i]);
                }
                writer.writeEndSegment();
            }
            writer.endInterchange();
            writer.close();
        } catch (EDIStreamException e) {
            throw new IllegalStateException("the ship notice cannot be written: " + e.getMessage(), e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static void element(EDIStreamWriter writer, Object value) throws EDIStreamException {
        if (value instanceof List<?> components) {
            writer.writeStartElement();
            for (Object component : components) {
                writer.startComponent().writeElementData(component.toString()).endComponent();
            }
            writer.endElement();
        } else if (value == null) {
            writer.writeEmptyElement();
        } else {
            writer.writeElement(value.toString());
        }
    }
}
