package io.junction.canonical;

/** One problem with one field of an input, as reported to the sender (RFC 9457 {@code errors} member). */
public record FieldError(String field, String problem) {}
