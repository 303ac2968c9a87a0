package io.junction.customer;

import io.junction.canonical.Address;
import io.junction.canonical.Customer;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which source wins which field: trust first, then the most recent report; silence never erases. */
class SurvivorshipTest {

    private static final OffsetDateTime MAY = OffsetDateTime.parse("2024-05-01T00:00:00Z");
    private static final OffsetDateTime JUNE = OffsetDateTime.parse("2024-06-01T00:00:00Z");
    private static final Address HOME = new Address("1 Main St", null, "Springfield", "IL", "62701", "US");
    private static final Address WORK = new Address("9 Office Rd", null, "Chicago", "IL", "60601", "US");

    private final Survivorship rules = new Survivorship(Map.of("marketingOptIn", List.of("crm"), "address", List.of("crm", "erp")));

    @Test
    void aNewRecordTakesEverythingReported() {
        GoldenCustomer c = rules.merge(GoldenCustomer.empty("c1", MAY), customer("shopify", "ann@example.com", HOME, true), MAY);

        assertThat(c.email()).isEqualTo("ann@example.com");
        assertThat(c.address()).isEqualTo(HOME);
        assertThat(c.marketingOptIn()).isTrue();
        assertThat(c.provenance().get(CustomerField.EMAIL)).isEqualTo(new FieldSource("shopify", MAY));
    }

    @Test
    void amongEquallyTrustedSourcesTheMostRecentReportWins() {
        GoldenCustomer c = rules.merge(GoldenCustomer.empty("c1", MAY), customer("shopify", "ann@example.com", HOME, null), JUNE);

        GoldenCustomer older = rules.merge(c, customer("woocommerce", "ann.old@example.com", null, null), MAY);
        GoldenCustomer newer = rules.merge(c, customer("woocommerce", "ann.new@example.com", null, null), JUNE.plusDays(1));
        GoldenCustomer sameInstant = rules.merge(c, customer("woocommerce", "ann.tie@example.com", null, null), JUNE);

        assertThat(older.email()).isEqualTo("ann@example.com");
        assertThat(newer.email()).isEqualTo("ann.new@example.com");
        assertThat(sameInstant.email()).as("a tie goes to the latest report").isEqualTo("ann.tie@example.com");
    }

    @Test
    void aMoreTrustedSourceWinsWhateverTheTime() {
        GoldenCustomer fromCrm = rules.merge(GoldenCustomer.empty("c1", MAY), customer("crm", null, WORK, false), MAY);

        GoldenCustomer afterShop = rules.merge(fromCrm, customer("shopify", null, HOME, true), JUNE);

        assertThat(afterShop.marketingOptIn()).as("the CRM owns contact preferences").isFalse();
        assertThat(afterShop.address()).isEqualTo(WORK);
        assertThat(rules.merge(afterShop, customer("erp", null, HOME, null), JUNE).address()).as("erp ranks below crm").isEqualTo(WORK);
    }

    @Test
    void aLessTrustedValueFillsAFieldNobodyTrustedHasSet() {
        GoldenCustomer fromShop = rules.merge(GoldenCustomer.empty("c1", MAY), customer("shopify", null, HOME, true), MAY);

        GoldenCustomer afterCrm = rules.merge(fromShop, customer("crm", null, null, false), MAY);

        assertThat(afterCrm.marketingOptIn()).isFalse();
        assertThat(afterCrm.address()).as("the CRM said nothing of the address").isEqualTo(HOME);
    }

    @Test
    void aSourceThatReportsNothingNeverErases() {
        GoldenCustomer c = rules.merge(GoldenCustomer.empty("c1", MAY), customer("shopify", "ann@example.com", HOME, true), MAY);

        Customer silent = new Customer("shopify", "id-shopify", null, null, null, null,
                new Address(null, null, null, null, null, null), null, null, null);
        GoldenCustomer after = rules.merge(c, silent, JUNE);

        assertThat(after).isEqualTo(c);
        assertThat(Survivorship.changedValues(c, after)).isFalse();
    }

    private static Customer customer(String source, String email, Address address, Boolean optIn) {
        return new Customer(source, "id-" + source, email, null, "Ann", "Lee", address, optIn, null, null);
    }
}
