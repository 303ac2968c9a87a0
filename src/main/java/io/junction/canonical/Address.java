package io.junction.canonical;

import com.fasterxml.jackson.annotation.JsonIgnore;

/** A postal address as any source reports it; country is ISO 3166-1 alpha-2. */
public record Address(String line1, String line2, String city, String region, String postalCode, String country) {

    @JsonIgnore
    public boolean isEmpty() {
        return line1 == null
                && line2 == null
                && city == null
                && region == null
                && postalCode == null
                && country == null;
    }
}
