package io.junction.service.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.platform.home.HubFiles;
import io.junction.service.notification.NotificationTemplates.Rendered;
import java.util.List;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The generic webhook channel (queue junction.service.webhook): notifications requested on the channels in
 * {@code junction.notifications.webhook.channels} (SMS by default) are rendered with the templates in
 * {@code <templates-dir>/webhook/} and POSTed as JSON to {@code junction.notifications.webhook.url}, where an SMS
 * gateway or any other system takes them. The {@code Idempotency-Key} header (the notification id) lets the receiver
 * drop a repeat. A 2xx is delivered; a 4xx other than 408 and 429 is a permanent refusal; the rest is tried again.
 */
@Component
public class WebhookChannel implements Channel {

    private final NotificationSender sender;
    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final NotificationTemplates templates;
    private final String endpoint;
    private final List<String> channels;

    public WebhookChannel(
            NotificationSender sender,
            ProducerTemplate producer,
            ObjectMapper json,
            HubFiles files,
            @Value("${junction.notifications.webhook.url:http://localhost:9093/notifications}") String url,
            @Value("${junction.notifications.webhook.channels:SMS}") List<String> channels,
            @Value("${junction.notifications.webhook.timeout-ms:10000}") int timeoutMs) {
        this.sender = sender;
        this.producer = producer;
        this.json = json;
        this.templates = new NotificationTemplates(files, "webhook");
        this.endpoint = url + (url.contains("?") ? "&" : "?") + "throwExceptionOnFailure=false&connectTimeout="
                + timeoutMs + "&responseTimeout=" + timeoutMs;
        this.channels = channels;
    }

    /** The bus consumer's entry: one event from the channel's queue. */
    public String apply(String cloudEvent) {
        return sender.deliver(cloudEvent, this);
    }

    @Override
    public String name() {
        return "WEBHOOK";
    }

    @Override
    public boolean carries(String requested) {
        return channels.contains(requested);
    }

    /** The phone for SMS and calls, else the e-mail. */
    @Override
    public String recipient(Notification notification) {
        return "SMS".equals(notification.channel()) || "PHONE".equals(notification.channel())
                ? notification.text("phone")
                : notification.text("email");
    }

    @Override
    public NotificationTemplates templates() {
        return templates;
    }

    @Override
    public void send(Notification notification, String recipient, Rendered message) {
        ObjectNode body = json.createObjectNode()
                .put("notificationId", notification.id())
                .put("customerId", notification.customerId())
                .put("template", notification.template())
                .put("purpose", notification.text("purpose"))
                .put("channel", notification.channel())
                .put("to", recipient)
                .put("subject", message.subject())
                .put("text", message.text());
        Exchange sent = producer.send(endpoint, exchange -> {
            exchange.getMessage().setHeader(Exchange.HTTP_METHOD, "POST");
            exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
            exchange.getMessage().setHeader("Idempotency-Key", notification.id());
            exchange.getMessage().setBody(body.toString());
        });
        if (sent.getException() != null) {
            throw new DeliveryFailure(false, "HTTP: " + sent.getException(), sent.getException());
        }
        int status = sent.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        if (status >= 200 && status < 300) {
            return;
        }
        boolean permanent = status >= 400 && status < 500 && status != 408 && status != 429;
        throw new DeliveryFailure(permanent, "receiver answered " + status, null);
    }
}
