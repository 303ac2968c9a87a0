package io.junction.adapter.edi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.platform.home.HubFiles;
import io.xlate.edi.schema.EDISchemaException;
import io.xlate.edi.schema.Schema;
import io.xlate.edi.schema.SchemaFactory;
import io.xlate.edi.stream.EDIInputFactory;
import io.xlate.edi.stream.EDIStreamEvent;
import io.xlate.edi.stream.EDIStreamException;
import io.xlate.edi.stream.EDIStreamReader;
import io.xlate.edi.stream.Location;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Component;

/**
 * Reads an EDIFACT or X12 interchange with StAEDI into the neutral tree of {@link Interchange}, validating it on the
 * way: the envelope against the standard's control structures (UNB/UNZ, ISA/IEA, groups, counts and control
 * references), each message against the hub's implementation schema for its type (mappings/edi/schemas/
 * {@code <STANDARD>-<type>.xml}: which segments and loops may occur, which elements are mandatory). Every problem is
 * collected with its segment, position and element; an interchange with any is {@link EdiRejected}.
 */
@Component
public class InterchangeReader {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private static final String SCHEMAS = "edi/schemas/";
    private static final java.util.regex.Pattern INCLUDE =
            java.util.regex.Pattern.compile("schemaLocation=\"([^\"]+)\"");

    private final HubFiles files;
    /** Every message type's schema, loaded at start: a broken schema stops the hub rather than blame a partner's file. */
    private final Map<String, Schema> loaded = new HashMap<>();

    public InterchangeReader(HubFiles files) {
        this.files = files;
        for (EdiMessageKind kind : EdiMessageKind.values()) {
            String name = kind.standard() + "-" + kind.type();
            loaded.put(name, load(name));
        }
    }

    public Interchange read(byte[] content) {
        List<EdiError> errors = new ArrayList<>();
        Parse parse = new Parse(errors);
        EDIInputFactory factory = EDIInputFactory.newFactory();
        factory.setProperty(EDIInputFactory.EDI_IGNORE_EXTRANEOUS_CHARACTERS, true);
        factory.setProperty(EDIInputFactory.EDI_NEST_HIERARCHICAL_LOOPS, false);
        try (EDIStreamReader reader = factory.createEDIStreamReader(new ByteArrayInputStream(content))) {
            while (reader.hasNext()) {
                parse.on(reader.next(), reader);
            }
        } catch (EDIStreamException e) {
            errors.add(syntax(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (parse.standard == null && errors.isEmpty()) {
            errors.add(new EdiError(null, 1, null, "no interchange found (empty file?)"));
        }
        if (!errors.isEmpty()) {
            throw new EdiRejected(errors);
        }
        return new Interchange(parse.standard, parse.sender, parse.receiver, parse.control, parse.messages);
    }

    private static EdiError syntax(EDIStreamException e) {
        Location at = e.getLocation();
        String message = e.getMessage();
        if (at == null || at.getSegmentPosition() < 1) {
            return new EdiError(null, 1, null, "not an EDIFACT or X12 interchange: " + message);
        }
        return new EdiError(at.getSegmentTag(), at.getSegmentPosition(), element(at), message);
    }

    private static String element(Location at) {
        if (at.getElementPosition() < 1) {
            return null;
        }
        return at.getElementPosition() + (at.getComponentPosition() > 0 ? "." + at.getComponentPosition() : "");
    }

    /** The implementation schema of a message type, if the hub reads that type. */
    private Optional<Schema> schema(EdiProperties.Standard standard, String type) {
        return Optional.ofNullable(loaded.get(standard + "-" + type));
    }

    private Schema load(String name) {
        Resource file = files.mapping(SCHEMAS + name + ".xml");
        try {
            // StAEDI resolves an include only by absolute URL: the shared segment definitions, each from wherever it
            // is found (the override folder or the jar)
            String text = INCLUDE.matcher(file.getContentAsString(StandardCharsets.UTF_8))
                    .replaceAll(include -> java.util.regex.Matcher.quoteReplacement(
                            "schemaLocation=\"" + url(include.group(1)) + "\""));
            return SchemaFactory.newFactory()
                    .createSchema(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("EDI schema " + file.getDescription() + " cannot be read", e);
        } catch (EDISchemaException e) {
            throw new IllegalStateException(
                    "EDI schema " + file.getDescription() + " is invalid: " + e.getMessage(), e);
        }
    }

    private String url(String included) {
        try {
            return files.mapping(SCHEMAS + included).getURL().toString();
        } catch (IOException e) {
            throw new UncheckedIOException("EDI schema " + included + " cannot be found", e);
        }
    }

    /** The state of one reading: the envelope so far, the open message and loops, the segment being read. */
    private final class Parse {
        private final List<EdiError> errors;
        private final List<Interchange.Message> messages = new ArrayList<>();
        private final Deque<ObjectNode> scopes = new ArrayDeque<>();
        private EdiProperties.Standard standard;
        private String sender;
        private String receiver;
        private String control;
        private String segment;
        private int segmentPosition;
        private int messageStart;
        private String messageType;
        private String messageRef;
        private ArrayNode elements;
        private ArrayNode composite;

        Parse(List<EdiError> errors) {
            this.errors = errors;
        }

        void on(EDIStreamEvent event, EDIStreamReader reader) {
            switch (event) {
                case START_INTERCHANGE ->
                    standard =
                            EdiProperties.Standard.valueOf(reader.getStandard().toUpperCase(Locale.ROOT));
                case START_TRANSACTION -> {
                    scopes.clear();
                    scopes.push(NODES.objectNode());
                    messageType = null;
                }
                case START_LOOP -> {
                    ObjectNode loop = NODES.objectNode();
                    array(scopes.peek(), reader.getReferenceCode()).add(loop);
                    scopes.push(loop);
                }
                case END_LOOP -> scopes.pop();
                case START_SEGMENT -> {
                    segment = reader.getText();
                    segmentPosition = reader.getLocation().getSegmentPosition();
                    elements = NODES.arrayNode();
                }
                case START_COMPOSITE -> composite = NODES.arrayNode();
                case END_COMPOSITE -> {
                    place(reader.getLocation(), composite.size() == 1 ? composite.get(0) : composite);
                    composite = null;
                }
                case ELEMENT_DATA -> {
                    if (composite != null) {
                        composite.add(reader.getText());
                    } else {
                        place(reader.getLocation(), NODES.textNode(reader.getText()));
                    }
                }
                case END_SEGMENT -> endSegment(reader);
                case END_TRANSACTION -> {
                    if (messageType != null) {
                        messages.add(new Interchange.Message(messageType, messageRef, messageStart, scopes.getLast()));
                    }
                    scopes.clear();
                }
                case SEGMENT_ERROR, ELEMENT_DATA_ERROR, ELEMENT_OCCURRENCE_ERROR -> error(reader);
                default -> {
                    // groups and the interchange's end carry nothing the tree needs
                }
            }
        }

        private void endSegment(EDIStreamReader reader) {
            switch (segment) {
                case "UNB" -> {
                    sender = text(elements, 1, 0);
                    receiver = text(elements, 2, 0);
                    control = text(elements, 4, 0);
                }
                case "ISA" -> {
                    sender = text(elements, 5, 0).trim();
                    receiver = text(elements, 7, 0).trim();
                    control = text(elements, 12, 0);
                }
                case "UNH", "ST" -> startMessage(reader);
                default -> {
                    if (!scopes.isEmpty() && !segment.equals("UNT") && !segment.equals("SE")) {
                        array(scopes.peek(), segment).add(elements);
                    }
                }
            }
        }

        private void startMessage(EDIStreamReader reader) {
            messageRef = text(elements, 0, 0);
            messageType = segment.equals("UNH") ? text(elements, 1, 0) : messageRef;
            messageRef = segment.equals("UNH") ? messageRef : text(elements, 1, 0);
            messageStart = segmentPosition;
            Optional<Schema> schema = schema(standard, messageType);
            if (schema.isPresent()) {
                reader.setTransactionSchema(schema.get());
            } else {
                errors.add(new EdiError(
                        segment,
                        segmentPosition,
                        segment.equals("UNH") ? "2.1" : "1",
                        "message type " + messageType + " is not one the hub reads"));
                messageType = null;
            }
        }

        private void error(EDIStreamReader reader) {
            Location at = reader.getLocation();
            String tag = at.getSegmentTag() != null ? at.getSegmentTag() : segment;
            String problem =
                    reader.getErrorType().name().toLowerCase(Locale.ROOT).replace('_', ' ');
            String value = reader.getEventType() == EDIStreamEvent.ELEMENT_DATA_ERROR && reader.hasText()
                    ? reader.getText()
                    : null;
            if (reader.getEventType() == EDIStreamEvent.SEGMENT_ERROR && reader.getText() != null) {
                tag = reader.getText();
            }
            errors.add(new EdiError(
                    tag,
                    at.getSegmentPosition(),
                    reader.getEventType() == EDIStreamEvent.SEGMENT_ERROR ? null : element(at),
                    value == null || value.isEmpty() ? problem : problem + " ('" + value + "')"));
        }

        /** An element at its position in the segment: empty ones before it become "". */
        private void place(Location at, JsonNode value) {
            int index = Math.max(at.getElementPosition() - 1, elements.size());
            while (elements.size() < index) {
                elements.add("");
            }
            elements.add(value);
        }
    }

    private static ArrayNode array(ObjectNode scope, String key) {
        JsonNode existing = scope.get(key);
        return existing instanceof ArrayNode array ? array : scope.putArray(key);
    }

    /** Component {@code component} of element {@code index} (both from 0), "" when absent. */
    static String text(ArrayNode elements, int index, int component) {
        JsonNode element = elements.path(index);
        JsonNode value = element.isArray() ? element.path(component) : component == 0 ? element : null;
        return value == null || value.isMissingNode() ? "" : value.asText();
    }
}
