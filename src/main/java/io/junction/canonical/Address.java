package io.junction.canonical;

/** A postal address as any source reports it; country is ISO 3166-1 alpha-2. */
public record Address(String line1, String line2, String city, String region, String postalCode, String country) {

    public boolean isEmpty() {
        return line1 == null && line2 == null && city == null && region == null && postalCode == null && country == null;
    }
}
