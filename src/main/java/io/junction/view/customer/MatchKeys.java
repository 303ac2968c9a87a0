package io.junction.view.customer;

import io.junction.canonical.Address;
import java.util.Locale;

final class MatchKeys {

    private MatchKeys() {}

    /** "ann|lee|10115|hauptstrasse 1", or null when any part is missing (a partial key would match strangers). */
    static String nameAddress(String firstName, String lastName, Address address) {
        if (firstName == null
                || lastName == null
                || address == null
                || address.postalCode() == null
                || address.line1() == null) {
            return null;
        }
        return String.join(
                "|",
                simplify(firstName),
                simplify(lastName),
                address.postalCode().replaceAll("\\s", "").toLowerCase(Locale.ROOT),
                simplify(address.line1()));
    }

    private static String simplify(String text) {
        return text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", " ").trim();
    }
}
