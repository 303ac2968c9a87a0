package io.junction.service.notification;

import io.junction.service.notification.NotificationTemplates.Rendered;

/** One way of reaching a customer (docs/notifications.md#adding-a-channel): its templates and its send. */
public interface Channel {

    /** The name in the sent-log, e.g. EMAIL. */
    String name();

    /** Whether this channel carries a notification the hub requested on {@code requested} (EMAIL, SMS, PHONE, MAIL). */
    boolean carries(String requested);

    /** The customer's address on this channel, from the notification; null without one. */
    String recipient(Notification notification);

    NotificationTemplates templates();

    /** Sends; a {@link DeliveryFailure} says whether it is worth trying again. */
    void send(Notification notification, String recipient, Rendered message);
}
