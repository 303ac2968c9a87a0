package io.junction.view.intelligence;

import io.junction.platform.bus.EventCause;
import java.util.List;

/**
 * A change of a customer's profile, announced inside the transaction that stores it (direct:profile-changed in
 * routes/customer-view.camel.yaml). {@code before} is {@link Profile#none()} for a customer seen for the first time;
 * {@code origin} is what caused the change: {@code order} (an order moved), {@code recompute} (the full job),
 * {@code api} (an operator) or the system that reported it (the CRM's blacklist flag); {@code cause} is the id of
 * the event being applied when it changed (null for the job and the API), which the rows written for it record.
 */
public record ProfileChange(String customerId, Profile before, Profile after, String origin, String cause) {

    /** This change followed by a later one of the same customer: from this one's before to that one's after. */
    public ProfileChange then(ProfileChange later) {
        return new ProfileChange(customerId, before, later.after, later.origin, later.cause);
    }

    /** Runs {@code step} for each change in order, each with its cause (if it has one) bound, as when it changed. */
    public static void forEach(List<ProfileChange> changes, EventCause.Step<ProfileChange> step) throws Exception {
        EventCause.forEach(changes, ProfileChange::cause, step);
    }
}
