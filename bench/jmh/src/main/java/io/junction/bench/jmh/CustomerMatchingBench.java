package io.junction.bench.jmh;

import io.junction.canonical.ContactNormalizer;
import io.junction.canonical.Customer;
import io.junction.view.customer.GoldenCustomer;
import io.junction.view.customer.Survivorship;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The pure parts of matching a buyer to the single customer view. The match itself (CustomerMatcher) is four indexed
 * look-ups in the hub database, one per key, so it is measured by bench/run, not here; what is pure Java is the
 * normalization of the keys, the last-resort name-and-address key, and the survivorship merge.
 */
@State(Scope.Benchmark)
public class CustomerMatchingBench extends ShortRun {

    private final ContactNormalizer normalizer = HubParts.normalizer();
    private final Survivorship survivorship = HubParts.survivorship();
    private final OffsetDateTime at = OffsetDateTime.now(ZoneOffset.UTC);
    /** The Shopify buyer as mapped, before normalization. */
    private Customer shopifyBuyer;
    /** The same buyer's golden record after the Shopify order. */
    private GoldenCustomer golden;
    /** The WooCommerce fixture's buyer, normalized: another source's report about a known record. */
    private Customer otherShop;

    @Setup
    public void setUp() {
        shopifyBuyer = HubParts.orderCreated("shopify").customer();
        golden = survivorship.merge(GoldenCustomer.empty("golden-1", at), normalizer.normalize(shopifyBuyer), at);
        otherShop = normalizer.normalize(HubParts.orderCreated("woocommerce").customer());
        if (golden.phone() == null || golden.nameAddressKey() == null) {
            throw new IllegalStateException("the Shopify fixture's buyer no longer has a phone and an address to bench");
        }
    }

    /** E-mail lower-cased, phone parsed and formatted E.164 (libphonenumber), as the intake does for every buyer. */
    @Benchmark
    public Customer normalizeContact() {
        return normalizer.normalize(shopifyBuyer);
    }

    /** The name-and-address key matching falls back to (regular expressions over names and address). */
    @Benchmark
    public String nameAddressKey() {
        return golden.nameAddressKey();
    }

    /** Survivorship for a new customer: every reported field taken. */
    @Benchmark
    public GoldenCustomer mergeIntoNew() {
        return survivorship.merge(GoldenCustomer.empty("golden-2", at), otherShop, at);
    }

    /** Survivorship for a known customer reported by another shop, and whether any value changed. */
    @Benchmark
    public boolean mergeIntoKnown() {
        return Survivorship.changedValues(golden, survivorship.merge(golden, otherShop, at.plusSeconds(1)));
    }
}
