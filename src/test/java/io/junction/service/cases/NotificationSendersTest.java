package io.junction.service.cases;

import static io.junction.support.Still.holdsFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import io.junction.platform.bus.EventHeaders;
import jakarta.jms.Message;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The senders against real servers: e-mail to GreenMail (SMTP), the webhook channel to an HTTP server of the test.
 * notification.requested → one e-mail with the rendered template, at most once per notification, never to an
 * opted-out customer or a blacklisted address; an SMTP outage delays the mail, a refused mailbox becomes
 * notification.failed and a callback case; an SMS goes to the webhook as JSON, once.
 */
class NotificationSendersTest extends ServiceHubTest {

    private static final int SMTP_PORT = freePort();
    /** Addresses the SMTP server refuses with 550, as a server without such a mailbox does. */
    private static final Set<String> NO_SUCH_MAILBOX = ConcurrentHashMap.newKeySet();

    private static GreenMail smtp = startSmtp();
    /** The webhook receiver: what it was sent, and the statuses it answers next per recipient (else 200). */
    private static final List<Received> RECEIVED = new CopyOnWriteArrayList<>();

    private static final Map<String, Deque<Integer>> ANSWERS = new ConcurrentHashMap<>();
    private static final HttpServer RECEIVER = startReceiver();

    private record Received(JsonNode body, String idempotencyKey, int answered) {}

    @Autowired
    private ProducerTemplate producer;

    @Autowired
    private JmsTemplate jms;

    @DynamicPropertySource
    static void smtpProperties(DynamicPropertyRegistry registry) {
        registry.add("junction.notifications.email.enabled", () -> "true");
        registry.add("junction.notifications.email.host", () -> "127.0.0.1");
        registry.add("junction.notifications.email.port", () -> SMTP_PORT);
        registry.add("junction.notifications.email.from", () -> "Service <service@shop.example>");
        registry.add("junction.notifications.email.timeout-ms", () -> "3000");
        registry.add("junction.notifications.blacklist", () -> "example.invalid,spamtrap@shop.example");
        registry.add("junction.notifications.webhook.enabled", () -> "true");
        registry.add(
                "junction.notifications.webhook.url",
                () -> "http://127.0.0.1:" + RECEIVER.getAddress().getPort() + "/sms");
        registry.add("junction.notifications.retry.initial-delay-ms", () -> "200");
        registry.add("junction.notifications.retry.maximum-delay-ms", () -> "1000");
    }

    @AfterAll
    static void stopServers() {
        smtp.stop();
        RECEIVER.stop(0);
    }

    @Test
    void aBackorderedOrderSendsOneEmailWithItsTemplateToTheCustomer() throws Exception {
        Shopper shopper = new Shopper(false);
        String order = shopper.newOrderId();
        deliver(shopper.place(order, LEAD, 0));
        String customerId =
                view(shopper, c -> c.path("orders").size() == 1).path("id").asText();
        deliver(shopper.update(order, LEAD, "backordered", "paid"));
        String hubOrderId = view(shopper, c -> "BACKORDERED"
                        .equals(c.path("orders").get(0).path("status").asText()))
                .path("orders")
                .get(0)
                .path("id")
                .asText();

        MimeMessage mail = awaitMails(shopper.email, 1).get(0);
        assertThat(mail.getSubject()).isEqualTo("Part of your order " + hubOrderId + " is on back-order");
        assertThat(mail.getFrom()[0].toString()).isEqualTo("Service <service@shop.example>");
        String text = ((String) mail.getContent()).replace("\r\n", "\n");
        assertThat(text)
                .startsWith("Hello Lena,\n\nsome items of your order " + hubOrderId + " are temporarily out of stock.")
                .contains("Your reference: "
                        + caseOfType(customerId, "BACKORDER").path("id").asText());
        assertThat(delivery(customerId, "SENT").path("recipient").asText()).isEqualTo(shopper.email);
        holdsFor(Duration.ofMillis(1500), () -> assertThat(mailsTo(shopper.email))
                .as("exactly one e-mail")
                .hasSize(1));
    }

    @Test
    void aRedeliveredNotificationIsSentOnce() throws Exception {
        String customerId = "C-" + UUID.randomUUID().toString().substring(0, 8);
        String email = "twice-" + UUID.randomUUID() + "@shop.example";
        String event = notification(UUID.randomUUID().toString(), customerId, "delivery-delay", "service", email);
        publish(event);
        awaitMails(email, 1);
        publish(event);
        holdsFor(Duration.ofSeconds(2), () -> assertThat(mailsTo(email)).hasSize(1));
        assertThat(jdbc.queryForObject(
                        "select count(*) from processed_message where processor = 'email-received' and message_id = ?",
                        Integer.class,
                        JSON.readTree(event).path("id").asText()))
                .as("the idempotent receiver recorded it once")
                .isEqualTo(1);
        JsonNode sent = delivery(customerId, "SENT");
        assertThat(sent.path("attempts").asInt()).isEqualTo(1);
        assertThat(sent.path("template").asText()).isEqualTo("delivery-delay");
    }

    @Test
    void aNotificationFoundSendingAfterAStopIsNotSentAgainButMarkedUncertain() throws Exception {
        String customerId = "C-" + UUID.randomUUID().toString().substring(0, 8);
        String email = "crash-" + customerId + "@shop.example";
        String id = UUID.randomUUID().toString();
        // what a hub that stopped between the SMTP server's acceptance and its SENT update left behind
        OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.update(
                "insert into notification_delivery (notification_id, channel, customer_id, template, recipient, status, attempts, created_at, updated_at) "
                        + "values (?, 'EMAIL', ?, 'delivery-delay', ?, 'SENDING', 1, ?, ?)",
                id,
                customerId,
                email,
                before,
                before);
        publish(notification(id, customerId, "delivery-delay", "service", email));

        assertThat(delivery(customerId, "UNCERTAIN").path("reason").asText()).startsWith("redelivered while SENDING");
        holdsFor(Duration.ofSeconds(1), () -> assertThat(mailsTo(email)).isEmpty());
    }

    @Test
    void marketingGoesOnlyToCustomersWhoOptedIn() throws Exception {
        Shopper optedOut = new Shopper(false);
        Shopper optedIn = new Shopper(true);
        String outId = customerOfTier(optedOut, LEAD, "LEAD");
        String inId = customerOfTier(optedIn, LEAD, "LEAD");
        publish(notification(UUID.randomUUID().toString(), outId, "vip-welcome", "marketing", optedOut.email));
        publish(notification(UUID.randomUUID().toString(), inId, "vip-welcome", "marketing", optedIn.email));

        assertThat(awaitMails(optedIn.email, 1).get(0).getSubject()).isEqualTo("Welcome to our GOLD customers");
        assertThat(delivery(outId, "SUPPRESSED").path("reason").asText()).startsWith("marketing opt-out");
        assertThat(mailsTo(optedOut.email)).isEmpty();
    }

    @Test
    void blacklistedAddressesAndDomainsGetNothing() throws Exception {
        String domain = "blocked-" + UUID.randomUUID().toString().substring(0, 8) + ".example";
        HttpResponse<String> added = postAs(
                OPERATOR,
                "/api/notifications/blacklist",
                "{\"entry\": \"" + domain.toUpperCase() + "\", \"reason\": \"complaint\"}");
        assertThat(added.statusCode()).isEqualTo(200);
        assertThat(json(added).path("entry").asText()).isEqualTo(domain);
        HttpResponse<String> bad = postAs(OPERATOR, "/api/notifications/blacklist", "{\"reason\": \"no entry\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("errors").get(0).path("field").asText()).isEqualTo("$.entry");

        String byDomain = "C-" + UUID.randomUUID().toString().substring(0, 8);
        String byConfig = "C-" + UUID.randomUUID().toString().substring(0, 8);
        publish(notification(
                UUID.randomUUID().toString(), byDomain, "delivery-delay", "service", "someone@mail." + domain));
        publish(notification(
                UUID.randomUUID().toString(), byConfig, "delivery-delay", "service", "SpamTrap@shop.example"));
        assertThat(delivery(byDomain, "SUPPRESSED").path("reason").asText()).isEqualTo("blacklisted: " + domain);
        assertThat(delivery(byConfig, "SUPPRESSED").path("reason").asText())
                .isEqualTo("blacklisted: spamtrap@shop.example");

        assertThat(deleteAs(OPERATOR, "/api/notifications/blacklist/" + domain).statusCode())
                .isEqualTo(200);
        assertThat(deleteAs(OPERATOR, "/api/notifications/blacklist/" + domain).statusCode())
                .isEqualTo(404);
        String after = "C-" + UUID.randomUUID().toString().substring(0, 8);
        publish(notification(
                UUID.randomUUID().toString(), after, "delivery-delay", "service", "someone@mail." + domain));
        awaitMails("someone@mail." + domain, 1);
        assertThat(mailsTo("someone@mail." + domain))
                .as("only the one sent after the entry was removed")
                .hasSize(1);
        JsonNode paths = json(get("/openapi.json")).path("paths");
        assertThat(paths.has("/api/notifications")).isTrue();
        assertThat(paths.has("/api/notifications/blacklist/{entry}")).isTrue();
    }

    @Test
    void anSmtpOutageDelaysTheMailWhichIsThenSentOnce() throws Exception {
        String customerId = "C-" + UUID.randomUUID().toString().substring(0, 8);
        String email = "patient-" + UUID.randomUUID() + "@shop.example";
        smtp.stop();
        try {
            publish(notification(UUID.randomUUID().toString(), customerId, "payment-failed", "service", email));
            // longer down than the hub's general retries (3) would wait: the notification retries hold on
            await().atMost(WAIT)
                    .until(() ->
                            delivery(customerId, "RETRYING").path("attempts").asInt() >= 5);
            assertThat(delivery(customerId, "RETRYING").path("reason").asText())
                    .startsWith("SMTP: ")
                    .contains("Connect");
        } finally {
            smtp = startSmtp();
        }
        awaitMails(email, 1);
        assertThat(delivery(customerId, "SENT").path("attempts").asInt()).isGreaterThan(1);
        holdsFor(Duration.ofMillis(1500), () -> assertThat(mailsTo(email)).hasSize(1));
    }

    @Test
    void aRefusedMailboxBecomesNotificationFailedAndACallbackCase() throws Exception {
        Shopper shopper = new Shopper(false);
        String customerId = customerOfTier(shopper, IRON, "IRON");
        NO_SUCH_MAILBOX.add(shopper.email);
        String id = UUID.randomUUID().toString();
        publish(notification(id, customerId, "delivery-exception", "service", shopper.email));

        assertThat(delivery(customerId, "FAILED").path("reason").asText()).startsWith("recipient refused: 550");
        JsonNode failed = serviceEvents(
                        e -> "notification.failed".equals(e.path("type").asText())
                                && customerId.equals(
                                        e.path("data").path("customerId").asText()),
                        1)
                .get(0);
        assertThat(failed.path("data").path("reason").asText()).startsWith("EMAIL: recipient refused: 550");
        JsonNode callback = caseOfType(customerId, "CALLBACK");
        assertThat(callback.path("priority").asInt()).isEqualTo(3);
        assertThat(mailsTo(shopper.email)).isEmpty();
    }

    @Test
    void aNotificationWithoutATemplateIsDeadLetteredNamingIt() throws Exception {
        String marker = UUID.randomUUID().toString();
        publish(notification(marker, "C-" + marker, "no-such-template", "service", "x-" + marker + "@shop.example"));
        jms.setReceiveTimeout(20_000);
        String dlq = topology.queue("service", "email").deadLetterQueue();
        Message dead;
        do {
            dead = jms.receive(dlq);
            assertThat(dead).as("a dead letter for " + marker).isNotNull();
        } while (!dead.getBody(String.class).contains(marker));
        assertThat(dead.getStringProperty(EventHeaders.DEAD_LETTER_REASON))
                .contains("no template 'no-such-template'")
                .contains("no-such-template.mustache");
        assertThat(jdbc.queryForObject(
                        "select count(*) from processed_message where processor = 'email-received' and message_id = ?",
                        Integer.class,
                        marker))
                .as("a dead letter is not recorded as received: replayed, it is processed")
                .isZero();
    }

    @Test
    void anSmsGoesToTheWebhookAsRenderedJsonOnceThoughTheReceiverFailedFirst() throws Exception {
        String customerId = "C-" + UUID.randomUUID().toString().substring(0, 8);
        String phone = "+1555" + (System.nanoTime() % 10_000_000);
        String email = "sms-" + customerId + "@shop.example";
        ANSWERS.put(phone, new ArrayDeque<>(List.of(503)));
        String id = UUID.randomUUID().toString();
        publish(sms(id, customerId, "backorder", phone, email));

        JsonNode sent = delivery(customerId, "SENT");
        assertThat(sent.path("channel").asText()).isEqualTo("WEBHOOK");
        assertThat(sent.path("attempts").asInt()).isEqualTo(2);
        List<Received> posts = RECEIVED.stream()
                .filter(r -> phone.equals(r.body().path("to").asText()))
                .toList();
        assertThat(posts).extracting(Received::answered).containsExactly(503, 200);
        Received accepted = posts.get(1);
        assertThat(accepted.idempotencyKey()).isEqualTo(id);
        assertThat(accepted.body().path("notificationId").asText()).isEqualTo(id);
        assertThat(accepted.body().path("channel").asText()).isEqualTo("SMS");
        assertThat(accepted.body().path("text").asText())
                .isEqualTo("Part of your order O-" + id + " is on back-order; we ship it as soon as it is back.\n");
        holdsFor(
                Duration.ofSeconds(1),
                () -> assertThat(mailsTo(email)).as("an SMS is not e-mailed").isEmpty());
    }

    @Test
    void aWebhookRefusalIsPermanent() throws Exception {
        String customerId = "C-" + UUID.randomUUID().toString().substring(0, 8);
        String phone = "+1666" + (System.nanoTime() % 10_000_000);
        ANSWERS.put(phone, new ArrayDeque<>(List.of(422)));
        publish(sms(UUID.randomUUID().toString(), customerId, "delivery-delay", phone, null));

        assertThat(delivery(customerId, "FAILED").path("reason").asText()).isEqualTo("receiver answered 422");
        assertThat(serviceEvents(
                        e -> "notification.failed".equals(e.path("type").asText())
                                && customerId.equals(
                                        e.path("data").path("customerId").asText()),
                        1))
                .hasSize(1);
        assertThat(RECEIVED.stream()
                        .filter(r -> phone.equals(r.body().path("to").asText())))
                .hasSize(1);
    }

    private String notification(String id, String customerId, String template, String purpose, String email) {
        return event(id, customerId, template, purpose, "EMAIL", email, null);
    }

    private String sms(String id, String customerId, String template, String phone, String email) {
        return event(id, customerId, template, "service", "SMS", email, phone);
    }

    private String event(
            String id, String customerId, String template, String purpose, String channel, String email, String phone) {
        return """
                {"specversion":"1.0","id":"%s","source":"/service","type":"notification.requested","time":"2026-12-01T10:00:00Z",
                 "subject":"customer/%s","datacontenttype":"application/json",
                 "data":{"customerId":"%s","template":"%s","purpose":"%s","channel":"%s","email":%s,"phone":%s,
                         "firstName":null,"rule":"test","reference":"order:O-%s","caseId":null,"tier":"GOLD"}}
                """.formatted(id, customerId, customerId, template, purpose, channel, quoted(email), quoted(phone), id);
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    private void publish(String event) throws Exception {
        producer.sendBodyAndHeader(
                "jms:topic:junction.service",
                event,
                EventHeaders.EVENT_ID,
                JSON.readTree(event).path("id").asText());
    }

    /** The customer's one sent-log row, once it has this status. */
    private JsonNode delivery(String customerId, String status) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            JsonNode rows = json(getAs(VIEWER, "/api/notifications?customerId=" + customerId));
            found[0] =
                    rows.size() == 1 && status.equals(rows.get(0).path("status").asText()) ? rows.get(0) : null;
            return found[0] != null;
        });
        return found[0];
    }

    private List<MimeMessage> awaitMails(String address, int count) {
        await().atMost(WAIT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> mailsTo(address).size() >= count);
        return mailsTo(address);
    }

    private static List<MimeMessage> mailsTo(String address) {
        return Arrays.stream(smtp.getReceivedMessages())
                .filter(m -> {
                    try {
                        return Arrays.stream(m.getAllRecipients())
                                .anyMatch(r -> r.toString().equalsIgnoreCase(address));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    private static GreenMail startSmtp() {
        GreenMail server = new RefusingGreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return server;
    }

    private static HttpServer startReceiver() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/sms", exchange -> {
                JsonNode body = JSON.readTree(exchange.getRequestBody());
                Deque<Integer> answers = ANSWERS.get(body.path("to").asText());
                Integer next = answers == null ? null : answers.poll();
                int status = next == null ? 200 : next;
                RECEIVED.add(new Received(body, exchange.getRequestHeaders().getFirst("Idempotency-Key"), status));
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GreenMail accepts every recipient; this one refuses the addresses in NO_SUCH_MAILBOX with 550 at RCPT TO. */
    private static final class RefusingGreenMail extends GreenMail {

        RefusingGreenMail(ServerSetup setup) {
            super(setup);
        }

        @Override
        protected Map<String, AbstractServer> createServices(ServerSetup[] setups, Managers original) {
            Managers refusing = new Managers() {
                private final SmtpManager smtpManager = new SmtpManager(getImapHostManager(), getUserManager()) {
                    @Override
                    public String checkRecipient(SmtpState state, MailAddress address) {
                        return NO_SUCH_MAILBOX.contains(address.getEmail()) ? "550 5.1.1 mailbox unavailable" : null;
                    }
                };

                @Override
                public SmtpManager getSmtpManager() {
                    return smtpManager;
                }
            };
            // the received mail is read from these managers
            managers = refusing;
            return super.createServices(setups, refusing);
        }
    }
}
