package io.junction.view.customer;

import io.junction.canonical.Customer;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Decides, field by field, whether what a source reports replaces what the golden record holds:
 * <ol>
 *   <li>a source that reports nothing for a field never erases it;</li>
 *   <li>a more trusted source for that field wins over a less trusted one, whatever the time
 *       ({@code junction.customer-view.survivorship.<field>}: sources in order of trust; unlisted sources rank
 *       below every listed one and equal to each other);</li>
 *   <li>between equally trusted sources the more complete name wins: an initial or abbreviation ("A.") never replaces
 *       the first or last name it abbreviates ("Ann"), however recent, and the full name replaces its abbreviation;</li>
 *   <li>otherwise, between equally trusted sources the most recent report wins; an equally recent one replaces the old.</li>
 * </ol>
 */
@ConfigurationProperties("junction.customer-view")
public class Survivorship {

    private static final Set<CustomerField> NAMES = EnumSet.of(CustomerField.FIRST_NAME, CustomerField.LAST_NAME);

    private final Map<CustomerField, List<String>> trust = new EnumMap<>(CustomerField.class);

    public Survivorship(Map<String, List<String>> survivorship) {
        if (survivorship != null) {
            survivorship.forEach((field, sources) -> trust.put(CustomerField.ofKey(field), List.copyOf(sources)));
        }
    }

    /** The record after {@code incoming} (reported as of {@code at}) has had its say. */
    public GoldenCustomer merge(GoldenCustomer current, Customer incoming, OffsetDateTime at) {
        GoldenCustomer merged = current;
        FieldSource claim = new FieldSource(incoming.sourceSystem(), at);
        for (CustomerField field : CustomerField.values()) {
            Object value = field.reportedBy(incoming);
            if (value != null && wins(field, claim, current.provenance().get(field), value, field.heldBy(current))) {
                merged = merged.with(field, value, claim);
            }
        }
        return merged;
    }

    /** True when the merge changed any value (not merely who vouches for it). */
    public static boolean changedValues(GoldenCustomer before, GoldenCustomer after) {
        return !(Objects.equals(before.email(), after.email())
                && Objects.equals(before.phone(), after.phone())
                && Objects.equals(before.firstName(), after.firstName())
                && Objects.equals(before.lastName(), after.lastName())
                && Objects.equals(before.address(), after.address())
                && Objects.equals(before.marketingOptIn(), after.marketingOptIn())
                && Objects.equals(before.preferredChannel(), after.preferredChannel()));
    }

    private boolean wins(CustomerField field, FieldSource claim, FieldSource holder, Object value, Object held) {
        if (holder == null) {
            return true;
        }
        int claimRank = rank(field, claim.source());
        int holderRank = rank(field, holder.source());
        if (claimRank != holderRank) {
            return claimRank < holderRank;
        }
        if (NAMES.contains(field) && value instanceof String name && held instanceof String heldName) {
            if (NameAbbreviation.abbreviates(name, heldName)) {
                return false;
            }
            if (NameAbbreviation.abbreviates(heldName, name)) {
                return true;
            }
        }
        return holder.at() == null || claim.at() == null || !claim.at().isBefore(holder.at());
    }

    /** Whether the trust list for {@code field} ranks the two sources differently (else the most recent wins). */
    public boolean decidedByTrust(CustomerField field, String source, String other) {
        return rank(field, source) != rank(field, other);
    }

    private int rank(CustomerField field, String source) {
        int index = trust.getOrDefault(field, List.of()).indexOf(source);
        return index < 0 ? Integer.MAX_VALUE : index;
    }
}
