package io.junction.bench.jmh;

import io.junction.webhook.WebhookSignature;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Instant;

/** The HMAC-SHA256 check of a webhook body (the Shopify order-created fixture, base64 signature), as the intake does it first. */
@State(Scope.Benchmark)
public class WebhookSignatureBench extends ShortRun {

    private HubParts.Webhook webhook;
    private String signature;
    private Instant now;

    @Setup
    public void setUp() {
        webhook = HubParts.orderCreated("shopify");
        signature = WebhookSignature.sign(webhook.body(), webhook.settings());
        now = Instant.now();
    }

    /** Throws (and so fails the run) if the signature did not verify. */
    @Benchmark
    public void verify() {
        // no query string (a storefront signs in a header); now is compared only with a signed timestamp
        WebhookSignature.verify(webhook.body(), signature, null, webhook.settings(), now);
    }
}
