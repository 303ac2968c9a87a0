package io.junction.view.customer;

import java.time.OffsetDateTime;

/** Which source system last set a golden-record field, and as of when that source said so. */
public record FieldSource(String source, OffsetDateTime at) {}
