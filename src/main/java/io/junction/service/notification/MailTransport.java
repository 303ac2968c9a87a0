package io.junction.service.notification;

import jakarta.mail.MessagingException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Hands a text e-mail to the SMTP server with camel-mail ({@code smtp:} or {@code smtps:}, from
 * {@code junction.notifications.email.*}), and says how a refusal is to be taken: the recipient refused with a 5xx
 * (550 no such mailbox, 553 name not allowed) is permanent; everything else (no connection, a 4xx, a timeout, a
 * refused login) is transient: worth retrying, and not the customer's problem.
 */
@Component
public class MailTransport {

    private final ProducerTemplate producer;
    private final String endpoint;
    private final String from;

    public MailTransport(
            ProducerTemplate producer,
            @Value("${junction.notifications.email.protocol:smtp}") String protocol,
            @Value("${junction.notifications.email.host:localhost}") String host,
            @Value("${junction.notifications.email.port:25}") int port,
            @Value("${junction.notifications.email.username:}") String username,
            @Value("${junction.notifications.email.password:}") String password,
            @Value("${junction.notifications.email.from:}") String from,
            @Value("${junction.notifications.email.timeout-ms:10000}") int timeoutMs) {
        this.producer = producer;
        this.from = from;
        String login = username.isBlank() ? "" : "&username=" + encode(username) + "&password=RAW(" + password + ")";
        // connectionTimeout bounds the connect and every read
        this.endpoint = protocol + "://" + host + ":" + port + "?connectionTimeout=" + timeoutMs + login;
    }

    public void send(String to, String subject, String text, String notificationId) {
        Exchange sent = producer.send(endpoint, exchange -> {
            exchange.getMessage().setHeader("To", to);
            exchange.getMessage().setHeader("From", from);
            exchange.getMessage().setHeader("Subject", subject);
            // traceable on the mail server: which notification this is
            exchange.getMessage().setHeader("X-Junction-Notification-Id", notificationId);
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=UTF-8");
            exchange.getMessage().setBody(text);
        });
        if (sent.getException() != null) {
            throw classify(sent.getException());
        }
    }

    static DeliveryFailure classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = next(t)) {
            if (t instanceof SMTPAddressFailedException refused && refused.getReturnCode() >= 500) {
                return new DeliveryFailure(
                        true,
                        "recipient refused: " + refused.getReturnCode() + " "
                                + refused.getMessage().trim(),
                        failure);
            }
        }
        Throwable root = failure;
        while (next(root) != null) {
            root = next(root);
        }
        return new DeliveryFailure(
                false, "SMTP: " + root.getClass().getSimpleName() + ": " + root.getMessage(), failure);
    }

    /** The cause, or a MessagingException's next exception (where JavaMail puts each refused recipient). */
    private static Throwable next(Throwable t) {
        Throwable next =
                t instanceof MessagingException m && m.getNextException() != null ? m.getNextException() : t.getCause();
        return next == t ? null : next;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
