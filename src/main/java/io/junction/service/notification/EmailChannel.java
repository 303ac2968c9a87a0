package io.junction.service.notification;

import io.junction.platform.home.HubFiles;
import io.junction.service.notification.NotificationTemplates.Rendered;
import org.springframework.stereotype.Component;

/**
 * The e-mail channel (queue junction.service.email): notifications requested by EMAIL, to the customer's e-mail,
 * with the templates in {@code <templates-dir>/email/}. The route runs only when
 * {@code junction.notifications.email.enabled} (routes/notifications.camel.yaml).
 */
@Component
public class EmailChannel implements Channel {

    private final NotificationSender sender;
    private final MailTransport mail;
    private final NotificationTemplates templates;

    public EmailChannel(NotificationSender sender, MailTransport mail, HubFiles files) {
        this.sender = sender;
        this.mail = mail;
        this.templates = new NotificationTemplates(files, "email");
    }

    /** The bus consumer's entry: one event from the channel's queue. */
    public String apply(String cloudEvent) {
        return sender.deliver(cloudEvent, this);
    }

    @Override
    public String name() {
        return "EMAIL";
    }

    @Override
    public boolean carries(String requested) {
        return "EMAIL".equals(requested);
    }

    @Override
    public String recipient(Notification notification) {
        return notification.text("email");
    }

    @Override
    public NotificationTemplates templates() {
        return templates;
    }

    @Override
    public void send(Notification notification, String recipient, Rendered message) {
        mail.send(
                recipient,
                message.subject() == null ? notification.template() : message.subject(),
                message.text(),
                notification.id());
    }
}
