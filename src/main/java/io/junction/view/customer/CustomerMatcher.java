package io.junction.view.customer;

import io.junction.canonical.Customer;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Finds the golden record a source's customer belongs to, by the strongest evidence first: the source id seen
 * before, then the normalized e-mail, then the E.164 phone (any the person was ever seen with), then name plus postal
 * address.
 */
@Component
public class CustomerMatcher {

    private final CustomerStore store;

    public CustomerMatcher(CustomerStore store) {
        this.store = store;
    }

    public Optional<GoldenCustomer> match(Customer c) {
        Optional<GoldenCustomer> match = Optional.empty();
        if (c.sourceCustomerId() != null) {
            match = store.byXref(c.sourceSystem(), c.sourceCustomerId());
        }
        if (match.isEmpty() && c.email() != null) {
            match = store.byEmail(c.email());
        }
        if (match.isEmpty() && c.phone() != null) {
            match = store.byPhone(c.phone());
        }
        String key = MatchKeys.nameAddress(c.firstName(), c.lastName(), c.address());
        if (match.isEmpty() && key != null) {
            match = store.byNameAddressKey(key);
        }
        return match;
    }
}
