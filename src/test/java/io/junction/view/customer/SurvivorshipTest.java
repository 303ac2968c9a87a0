package io.junction.view.customer;

import static org.assertj.core.api.Assertions.assertThat;

import io.junction.canonical.Address;
import io.junction.canonical.Customer;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which source wins which field: trust first, then the most recent report; silence never erases. */
class SurvivorshipTest {

    private static final OffsetDateTime MAY = OffsetDateTime.parse("2024-05-01T00:00:00Z");
    private static final OffsetDateTime JUNE = OffsetDateTime.parse("2024-06-01T00:00:00Z");
    private static final Address HOME = new Address("1 Main St", null, "Springfield", "IL", "62701", "US");
    private static final Address WORK = new Address("9 Office Rd", null, "Chicago", "IL", "60601", "US");

    private final Survivorship rules =
            new Survivorship(Map.of("marketingOptIn", List.of("crm"), "address", List.of("crm", "erp")));

    @Test
    void aNewRecordTakesEverythingReported() {
        GoldenCustomer c =
                rules.merge(GoldenCustomer.empty("c1", MAY), customer("shopify", "ann@example.com", HOME, true), MAY);

        assertThat(c.email()).isEqualTo("ann@example.com");
        assertThat(c.address()).isEqualTo(HOME);
        assertThat(c.marketingOptIn()).isTrue();
        assertThat(c.provenance().get(CustomerField.EMAIL)).isEqualTo(new FieldSource("shopify", MAY));
    }

    @Test
    void amongEquallyTrustedSourcesTheMostRecentReportWins() {
        GoldenCustomer c =
                rules.merge(GoldenCustomer.empty("c1", MAY), customer("shopify", "ann@example.com", HOME, null), JUNE);

        GoldenCustomer older = rules.merge(c, customer("woocommerce", "ann.old@example.com", null, null), MAY);
        GoldenCustomer newer =
                rules.merge(c, customer("woocommerce", "ann.new@example.com", null, null), JUNE.plusDays(1));
        GoldenCustomer sameInstant = rules.merge(c, customer("woocommerce", "ann.tie@example.com", null, null), JUNE);

        assertThat(older.email()).isEqualTo("ann@example.com");
        assertThat(newer.email()).isEqualTo("ann.new@example.com");
        assertThat(sameInstant.email()).as("a tie goes to the latest report").isEqualTo("ann.tie@example.com");
    }

    @Test
    void aMoreTrustedSourceWinsWhateverTheTime() {
        GoldenCustomer fromCrm = rules.merge(GoldenCustomer.empty("c1", MAY), customer("crm", null, WORK, false), MAY);

        GoldenCustomer afterShop = rules.merge(fromCrm, customer("shopify", null, HOME, true), JUNE);

        assertThat(afterShop.marketingOptIn())
                .as("the CRM owns contact preferences")
                .isFalse();
        assertThat(afterShop.address()).isEqualTo(WORK);
        assertThat(rules.merge(afterShop, customer("erp", null, HOME, null), JUNE)
                        .address())
                .as("erp ranks below crm")
                .isEqualTo(WORK);
    }

    @Test
    void aLessTrustedValueFillsAFieldNobodyTrustedHasSet() {
        GoldenCustomer fromShop =
                rules.merge(GoldenCustomer.empty("c1", MAY), customer("shopify", null, HOME, true), MAY);

        GoldenCustomer afterCrm = rules.merge(fromShop, customer("crm", null, null, false), MAY);

        assertThat(afterCrm.marketingOptIn()).isFalse();
        assertThat(afterCrm.address()).as("the CRM said nothing of the address").isEqualTo(HOME);
    }

    @Test
    void aSourceThatReportsNothingNeverErases() {
        GoldenCustomer c =
                rules.merge(GoldenCustomer.empty("c1", MAY), customer("shopify", "ann@example.com", HOME, true), MAY);

        Customer silent = new Customer(
                "shopify",
                "id-shopify",
                null,
                null,
                null,
                null,
                new Address(null, null, null, null, null, null),
                null,
                null,
                null);
        GoldenCustomer after = rules.merge(c, silent, JUNE);

        assertThat(after).isEqualTo(c);
        assertThat(Survivorship.changedValues(c, after)).isFalse();
    }

    @Test
    void anInitialNeverReplacesTheNameItAbbreviatesUnlessFromAMoreTrustedSource() {
        Survivorship names = new Survivorship(Map.of("firstName", List.of("crm")));
        GoldenCustomer ann = names.merge(GoldenCustomer.empty("c1", MAY), named("shopify", "Ann", "Lee"), MAY);

        GoldenCustomer afterInitial = names.merge(ann, named("woocommerce", "A.", "L"), JUNE);
        assertThat(afterInitial.firstName())
                .as("a newer initial of an equal source")
                .isEqualTo("Ann");
        assertThat(afterInitial.lastName())
                .as("a bare letter is an initial too")
                .isEqualTo("Lee");
        assertThat(afterInitial.provenance().get(CustomerField.FIRST_NAME)).isEqualTo(new FieldSource("shopify", MAY));
        assertThat(names.merge(ann, named("woocommerce", "Anna", null), JUNE).firstName())
                .as("another name is no abbreviation: the most recent wins")
                .isEqualTo("Anna");
        assertThat(names.merge(ann, named("woocommerce", "B.", null), JUNE).firstName())
                .as("an initial of another name is news")
                .isEqualTo("B.");
        assertThat(names.merge(ann, named("crm", "A.", null), JUNE).firstName())
                .as("a more trusted source decides")
                .isEqualTo("A.");

        GoldenCustomer initial =
                names.merge(GoldenCustomer.empty("c2", MAY), named("woocommerce", "J. R.", null), JUNE);
        assertThat(names.merge(initial, named("shopify", "John Ronald", null), MAY)
                        .firstName())
                .as("the full name replaces its abbreviation, even from an older report")
                .isEqualTo("John Ronald");
    }

    private static Customer named(String source, String firstName, String lastName) {
        return new Customer(source, "id-" + source, null, null, firstName, lastName, null, null, null, null);
    }

    private static Customer customer(String source, String email, Address address, Boolean optIn) {
        return new Customer(source, "id-" + source, email, null, "Ann", "Lee", address, optIn, null, null);
    }
}
