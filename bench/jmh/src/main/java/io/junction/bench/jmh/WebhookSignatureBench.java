package io.junction.bench.jmh;

import io.junction.webhook.WebhookSignature;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The HMAC-SHA256 check of a webhook body (the Shopify order-created fixture, base64 signature), as the intake does it first. */
@State(Scope.Benchmark)
public class WebhookSignatureBench extends ShortRun {

    private HubParts.Webhook webhook;
    private String signature;

    @Setup
    public void setUp() {
        webhook = HubParts.orderCreated("shopify");
        signature = WebhookSignature.sign(webhook.body(), webhook.settings());
    }

    /** Throws (and so fails the run) if the signature did not verify. */
    @Benchmark
    public void verify() {
        WebhookSignature.verify(webhook.body(), signature, webhook.settings());
    }
}
