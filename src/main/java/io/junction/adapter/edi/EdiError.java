package io.junction.adapter.edi;

/**
 * One problem in an interchange, where an integration team looks for it: the segment tag and its position in the
 * file (1 = the first segment, UNA included), the element (and component) position within the segment, and what is wrong.
 */
public record EdiError(String segment, int segmentPosition, String element, String problem) {

    /** As one report line: {@code segment NAD (#4), element 2.1: missing mandatory element}. */
    public String describe() {
        return where() + ": " + problem;
    }

    /** {@code segment NAD (#4), element 2.1}. */
    public String where() {
        String at = segment == null ? "start of the file" : "segment " + segment + " (#" + segmentPosition + ")";
        return at + (element == null ? "" : ", element " + element);
    }
}
