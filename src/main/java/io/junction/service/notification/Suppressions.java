package io.junction.service.notification;

import io.junction.service.cases.NotificationStore;
import io.junction.view.customer.CustomerStore;
import io.junction.view.customer.GoldenCustomer;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Why a notification must not go out, judged when it is sent (the customer may have changed their mind since it was
 * requested): withdrawn; a marketing message to a customer who has not opted in (DESIGN §4: contact preferences are
 * law; service messages about the customer's own order always go); no address on the channel; a blacklisted address.
 */
@Component
public class Suppressions {

    private final NotificationStore requested;
    private final CustomerStore customers;
    private final Blacklist blacklist;

    public Suppressions(NotificationStore requested, CustomerStore customers, Blacklist blacklist) {
        this.requested = requested;
        this.customers = customers;
        this.blacklist = blacklist;
    }

    public Optional<String> reason(Notification n, String recipient) {
        if (requested.withdrawn(n.id())) {
            return Optional.of("withdrawn");
        }
        if (n.marketing()
                && !customers
                        .byId(n.customerId())
                        .map(GoldenCustomer::marketingOptIn)
                        .orElse(false)) {
            return Optional.of("marketing opt-out: the customer has not opted in to marketing");
        }
        if (recipient == null || recipient.isBlank()) {
            return Optional.of("no address for the channel");
        }
        return blacklist.bars(recipient).map(entry -> "blacklisted: " + entry);
    }
}
