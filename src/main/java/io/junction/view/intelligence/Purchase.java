package io.junction.view.intelligence;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** One counted order of a customer: when it was placed and its net value. */
public record Purchase(OffsetDateTime at, BigDecimal netValue) {}
