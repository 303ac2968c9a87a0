package io.junction.adapter.edi;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * An interchange read into a neutral tree: its envelope and its messages. Each message's {@code body} maps a segment
 * tag to its occurrences and a loop code to its loop instances (objects of the same shape); an occurrence is the
 * segment's elements in order, each a string or, when it has components, an array of them. The mappings in
 * mappings/edi/ read this tree.
 */
public record Interchange(
        EdiProperties.Standard standard, String sender, String receiver, String controlNumber, List<Message> messages) {

    /** One message (EDIFACT UNH…UNT, X12 ST…SE): its type (ORDERS, 850…), its control reference, its segments. */
    public record Message(String type, String controlRef, int firstSegment, ObjectNode body) {}
}
