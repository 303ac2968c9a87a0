package io.junction.view.segment;

import io.junction.canonical.FieldError;
import io.junction.platform.failure.ProblemException;
import io.junction.view.intelligence.LifecycleStage;
import io.junction.view.intelligence.Tier;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A segment of the customer base: value tiers and/or lifecycle stages (each a comma-separated list, any of them), a
 * minimum lifetime spend, a last order before a date. Every filter given must hold; at least one must be given.
 */
public record Segment(
        Set<Tier> tiers, Set<LifecycleStage> stages, BigDecimal minSpend, OffsetDateTime lastOrderBefore) {

    /** The query parameters that select a segment rather than one customer. */
    public static final List<String> PARAMETERS = List.of("tier", "stage", "minSpend", "lastOrderBefore");

    /** Reads the filters; every bad one is named in the 400, with what it allows. */
    public static Segment of(String tier, String stage, String minSpend, String lastOrderBefore) {
        List<FieldError> errors = new ArrayList<>();
        Set<Tier> tiers = values(Tier.class, "tier", tier, errors);
        Set<LifecycleStage> stages = values(LifecycleStage.class, "stage", stage, errors);
        BigDecimal spend = null;
        if (present(minSpend)) {
            try {
                spend = new BigDecimal(minSpend.trim());
            } catch (NumberFormatException e) {
                errors.add(new FieldError("minSpend", "a decimal number, e.g. 500.00"));
            }
        }
        OffsetDateTime before = null;
        if (present(lastOrderBefore)) {
            try {
                before = lastOrderBefore.trim().length() == 10
                        ? LocalDate.parse(lastOrderBefore.trim()).atStartOfDay().atOffset(ZoneOffset.UTC)
                        : OffsetDateTime.parse(lastOrderBefore.trim());
            } catch (DateTimeParseException e) {
                errors.add(new FieldError(
                        "lastOrderBefore", "a date (2026-01-31) or a date-time with offset (2026-01-31T00:00:00Z)"));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(
                    400,
                    "Bad request",
                    "not a segment: " + errors.stream().map(FieldError::field).collect(Collectors.joining(", ")) + " "
                            + (errors.size() == 1 ? "is" : "are") + " not valid",
                    errors);
        }
        if (tiers.isEmpty() && stages.isEmpty() && spend == null && before == null) {
            throw ProblemException.badRequest(
                    "say which segment: tier, stage, minSpend or lastOrderBefore",
                    new FieldError(String.join("|", PARAMETERS), "at least one of these query parameters is required"));
        }
        return new Segment(tiers, stages, spend, before);
    }

    /** The filters as query parameters, in a fixed order: tier=GOLD,PLATINUM, stage=AT_RISK, … */
    public Map<String, String> parameters() {
        Map<String, String> parts = new LinkedHashMap<>();
        if (!tiers.isEmpty()) {
            parts.put("tier", tiers.stream().map(Enum::name).sorted().collect(Collectors.joining(",")));
        }
        if (!stages.isEmpty()) {
            parts.put("stage", stages.stream().map(Enum::name).sorted().collect(Collectors.joining(",")));
        }
        if (minSpend != null) {
            parts.put("minSpend", minSpend.toPlainString());
        }
        if (lastOrderBefore != null) {
            parts.put("lastOrderBefore", lastOrderBefore.toString());
        }
        return parts;
    }

    /** The segment as the audit records it: tier=GOLD,PLATINUM&stage=AT_RISK. */
    public String describe() {
        return parameters().entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
    }

    private static <E extends Enum<E>> Set<E> values(
            Class<E> type, String parameter, String given, List<FieldError> errors) {
        if (!present(given)) {
            return Set.of();
        }
        try {
            return Arrays.stream(given.split(","))
                    .map(v -> Enum.valueOf(type, v.trim().toUpperCase().replace('-', '_')))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError(
                    parameter,
                    "one or more of " + Arrays.toString(type.getEnumConstants()) + ", not '"
                            + (given.length() > 40 ? given.substring(0, 40) + "…" : given) + "'"));
            return Set.of();
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
