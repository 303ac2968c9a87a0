package io.junction.customer;

import io.junction.canonical.Customer;

import java.util.function.Function;

/** The fields of a golden customer that survivorship decides one by one (the address travels as a whole). */
public enum CustomerField {
    EMAIL("email", Customer::email),
    PHONE("phone", Customer::phone),
    FIRST_NAME("firstName", Customer::firstName),
    LAST_NAME("lastName", Customer::lastName),
    ADDRESS("address", c -> c.address() == null || c.address().isEmpty() ? null : c.address()),
    MARKETING_OPT_IN("marketingOptIn", Customer::marketingOptIn),
    PREFERRED_CHANNEL("preferredChannel", Customer::preferredChannel);

    private final String key;
    private final Function<Customer, Object> reported;

    CustomerField(String key, Function<Customer, Object> reported) {
        this.key = key;
        this.reported = reported;
    }

    /** The name used in configuration and in the provenance record. */
    public String key() {
        return key;
    }

    /** What a source reports for this field, or null when it reports nothing. */
    public Object reportedBy(Customer customer) {
        return reported.apply(customer);
    }

    public static CustomerField ofKey(String key) {
        for (CustomerField field : values()) {
            if (field.key.equals(key)) {
                return field;
            }
        }
        throw new IllegalArgumentException("unknown customer field '" + key + "'");
    }
}
