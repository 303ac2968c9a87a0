package io.junction.view.customer;

import io.junction.canonical.Customer;
import java.util.function.Function;

/** The fields of a golden customer that survivorship decides one by one (the address travels as a whole). */
public enum CustomerField {
    EMAIL("email", Customer::email, GoldenCustomer::email),
    PHONE("phone", Customer::phone, GoldenCustomer::phone),
    FIRST_NAME("firstName", Customer::firstName, GoldenCustomer::firstName),
    LAST_NAME("lastName", Customer::lastName, GoldenCustomer::lastName),
    ADDRESS("address", c -> c.address() == null || c.address().isEmpty() ? null : c.address(), GoldenCustomer::address),
    MARKETING_OPT_IN("marketingOptIn", Customer::marketingOptIn, GoldenCustomer::marketingOptIn),
    PREFERRED_CHANNEL("preferredChannel", Customer::preferredChannel, GoldenCustomer::preferredChannel);

    private final String key;
    private final Function<Customer, Object> reported;
    private final Function<GoldenCustomer, Object> held;

    CustomerField(String key, Function<Customer, Object> reported, Function<GoldenCustomer, Object> held) {
        this.key = key;
        this.reported = reported;
        this.held = held;
    }

    /** The name used in configuration and in the provenance record. */
    public String key() {
        return key;
    }

    /** What a source reports for this field, or null when it reports nothing. */
    public Object reportedBy(Customer customer) {
        return reported.apply(customer);
    }

    /** The value the golden record holds for this field. */
    public Object heldBy(GoldenCustomer customer) {
        return held.apply(customer);
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
