package io.junction.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.UUID;

/**
 * The orders of one run, built from the realistic Shopify fixture: order i is a new order of a new customer (its own
 * ids and e-mail, no shared phone), so every order costs the hub a full first sighting. The same order is available
 * as the signed webhook the storefront sends and as the canonical event the hub puts on the bus (for the baselines).
 */
final class OrderStream {

    static final String SECRET = "junction-dev-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String webhookTemplate;
    private final JsonNode canonicalTemplate;
    /** A prefix of fixed width that only this run's order ids carry, so its rows can be found with LIKE. */
    private final String runTag;

    OrderStream(Path repo) throws IOException {
        Path fixtures = repo.resolve("mappings/storefront/shopify.fixtures");
        this.webhookTemplate = JSON.writeValueAsString(JSON.readTree(fixtures.resolve("01-order-created.request.json").toFile()).get("body"));
        this.canonicalTemplate = JSON.readTree(fixtures.resolve("01-order-created.expected.json").toFile()).get("data");
        this.runTag = "9" + String.format("%05d", System.currentTimeMillis() / 1000 % 100_000);
    }

    String runTag() {
        return runTag;
    }

    String orderId(int i) {
        return runTag + String.format("%07d", i);
    }

    String email(int i) {
        return "bench-" + orderId(i) + "@example.com";
    }

    /** The body of Shopify's orders/create webhook for order i. */
    byte[] webhook(int i) {
        return webhookTemplate
                .replace("5923187654321", orderId(i))
                .replace("7390145429821", orderId(i))
                .replaceAll("(?i)elena\\.novak@example\\.com", email(i))
                .replace("Novak", "Bench" + orderId(i))
                .replace("+14155550132", "")
                .replace("(415) 555-0132", "")
                .getBytes(StandardCharsets.UTF_8);
    }

    static String deliveryId() {
        return UUID.randomUUID().toString();
    }

    /** Shopify's signature: base64 HMAC-SHA256 of the raw body. */
    static String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Order i as canonical data (what the mapping makes of the webhook). */
    JsonNode canonical(int i) {
        ObjectNode order = canonicalTemplate.deepCopy();
        order.put("sourceOrderId", orderId(i));
        ObjectNode customer = (ObjectNode) order.get("customer");
        customer.put("sourceCustomerId", orderId(i));
        customer.put("email", email(i));
        customer.put("lastName", "Bench" + orderId(i));
        customer.remove("phone");
        return order;
    }

    /** Order i as the CloudEvent JSON the hub publishes on the bus. */
    String cloudEvent(int i) {
        ObjectNode event = JSON.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", UUID.nameUUIDFromBytes(orderId(i).getBytes(StandardCharsets.UTF_8)).toString());
        event.put("source", "/storefront/shopify");
        event.put("type", "order.placed");
        event.put("subject", "shopify/" + orderId(i));
        event.put("time", "2024-05-14T16:12:48Z");
        event.put("datacontenttype", "application/json");
        event.set("data", canonical(i));
        return event.toString();
    }
}
