package io.junction.view.intelligence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.junction.platform.failure.ProblemException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The profile-changed route is called as the Java listeners were: in the caller's thread, its branches in order, and a
 * branch's failure thrown to the caller as the branch threw it (a ProblemException keeps its status), not wrapped by
 * the multicast and the template.
 */
class ProfileChangesTest {

    private final List<String> heard = new CopyOnWriteArrayList<>();
    private CamelContext camel;
    private ProfileChanges changes;

    @BeforeEach
    void route() throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                errorHandler(noErrorHandler());
                from(ProfileChanges.ROUTE)
                        .multicast()
                        .stopOnException()
                        .process(
                                e -> heard.add("first " + Thread.currentThread().getName()))
                        .process(e -> {
                            List<ProfileChange> body = e.getIn().getBody(List.class);
                            if (body.get(0).origin().equals("conflict")) {
                                throw new ProblemException(409, "Conflict", "the second branch refused");
                            }
                            heard.add("second "
                                    + body.stream()
                                            .map(ProfileChange::customerId)
                                            .toList());
                        });
            }
        });
        camel.start();
        changes = new ProfileChanges(camel.createProducerTemplate());
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    @Test
    void theBranchesRunInOrderInTheCallersThread() {
        changes.announce(new ProfileChange("c-1", Profile.none(), Profile.none(), "order", null));

        assertThat(heard).containsExactly("first " + Thread.currentThread().getName(), "second [c-1]");
    }

    @Test
    void aBatchsChangesGoOutTogetherAndNoneSendsNothing() {
        changes.announce(List.of());
        assertThat(heard).isEmpty();

        changes.announce(List.of(
                new ProfileChange("c-1", Profile.none(), Profile.none(), "order", null),
                new ProfileChange("c-2", Profile.none(), Profile.none(), "order", null)));

        assertThat(heard).containsExactly("first " + Thread.currentThread().getName(), "second [c-1, c-2]");
    }

    @Test
    void aBranchsFailureReachesTheCallerAsThrown() {
        assertThatThrownBy(() ->
                        changes.announce(new ProfileChange("c-1", Profile.none(), Profile.none(), "conflict", null)))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void twoChangesOfOneCustomerInABatchAreOneFromTheFirstsBeforeToTheLastsAfter() {
        Profile blacklisted = Profile.none().withBlacklisted(true);
        ProfileChange first = new ProfileChange("c-1", Profile.none(), blacklisted, "crm", "event-1");
        ProfileChange later = new ProfileChange("c-1", blacklisted, blacklisted, "order", "event-2");

        assertThat(first.then(later))
                .isEqualTo(new ProfileChange("c-1", Profile.none(), blacklisted, "order", "event-2"));
    }
}
