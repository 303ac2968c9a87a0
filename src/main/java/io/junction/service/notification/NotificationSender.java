package io.junction.service.notification;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.junction.canonical.CanonicalEvents;
import io.junction.canonical.CloudEvent;
import io.junction.canonical.EventType;
import io.junction.platform.bus.EventOutbox;
import io.junction.service.notification.DeliveryLog.Delivery;
import io.junction.service.notification.DeliveryLog.Status;
import io.junction.service.notification.NotificationTemplates.Rendered;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends a {@code notification.requested} on a channel at most once, whatever the bus redelivers: the sent-log row is
 * committed as SENDING before the message leaves and set to its outcome after. A redelivery that finds SENDING (the hub
 * stopped between the two) does not send again: the row becomes UNCERTAIN, for a person to check. A transient failure
 * sets RETRYING (known not sent) and is thrown, so the route tries again; a permanent one sets FAILED and announces
 * {@code notification.failed}, from which the service desk opens a callback case.
 */
@Component
public class NotificationSender {

    private static final Logger log = LoggerFactory.getLogger(NotificationSender.class);
    static final String SOURCE = "/notifications";

    private final CanonicalEvents events;
    private final DeliveryLog deliveries;
    private final Suppressions suppressions;
    private final EventOutbox outbox;
    private final TransactionTemplate transaction;
    private final Clock clock;

    public NotificationSender(
            CanonicalEvents events,
            DeliveryLog deliveries,
            Suppressions suppressions,
            EventOutbox outbox,
            TransactionTemplate transaction,
            Clock clock) {
        this.events = events;
        this.deliveries = deliveries;
        this.suppressions = suppressions;
        this.outbox = outbox;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** What was done, for the log (ids only: the event holds personal data). */
    public String deliver(String cloudEvent, Channel channel) {
        CloudEvent event = events.read(cloudEvent);
        if (event.eventType() != EventType.NOTIFICATION_REQUESTED) {
            return event.type() + " " + event.id() + " is not for the senders";
        }
        Notification n = Notification.of(event);
        if (!channel.carries(n.channel())) {
            return "notification " + n.id() + " goes by " + n.channel() + ", not " + channel.name();
        }
        String recipient = channel.recipient(n);
        Optional<Delivery> known = deliveries.find(n.id(), channel.name());
        if (known.isPresent() && known.get().status() != Status.RETRYING) {
            return settled(known.get());
        }
        Optional<String> suppressed = suppressions.reason(n, recipient);
        if (suppressed.isPresent()) {
            boolean recorded = known.isPresent()
                    ? deliveries.move(n.id(), channel.name(), Status.RETRYING, Status.SUPPRESSED, suppressed.get())
                    : deliveries.insert(n, channel.name(), recipient, Status.SUPPRESSED, suppressed.get());
            return "notification " + n.id() + (recorded ? " suppressed: " + suppressed.get() : " settled meanwhile");
        }
        Rendered message = channel.templates().render(n.template(), n.facts());
        boolean claimed = known.isPresent()
                ? deliveries.move(n.id(), channel.name(), Status.RETRYING, Status.SENDING, null)
                : deliveries.insert(n, channel.name(), recipient, Status.SENDING, null);
        if (!claimed) {
            return "notification " + n.id() + " claimed by another delivery";
        }
        try {
            channel.send(n, recipient, message);
        } catch (DeliveryFailure failure) {
            if (!failure.permanent()) {
                deliveries.move(n.id(), channel.name(), Status.SENDING, Status.RETRYING, failure.getMessage());
                throw failure;
            }
            failed(n, channel, failure.getMessage());
            return "notification " + n.id() + " failed: " + failure.getMessage();
        }
        deliveries.move(n.id(), channel.name(), Status.SENDING, Status.SENT, null);
        return "notification " + n.id() + " sent by " + channel.name();
    }

    private String settled(Delivery delivery) {
        if (delivery.status() == Status.SENDING
                && deliveries.move(
                        delivery.notificationId(),
                        delivery.channel(),
                        Status.SENDING,
                        Status.UNCERTAIN,
                        "redelivered while SENDING: the hub stopped during the send; not sent again")) {
            log.warn(
                    "notification {} by {} may or may not have been sent (the hub stopped during the send): not sent again, marked UNCERTAIN",
                    delivery.notificationId(),
                    delivery.channel());
            return "notification " + delivery.notificationId() + " uncertain";
        }
        return "notification " + delivery.notificationId() + " already " + delivery.status();
    }

    /** FAILED and notification.failed (the requested data and the reason) in one transaction; the outbox sweep publishes it. */
    private void failed(Notification n, Channel channel, String reason) {
        transaction.executeWithoutResult(tx -> {
            if (!deliveries.move(n.id(), channel.name(), Status.SENDING, Status.FAILED, reason)) {
                return;
            }
            ObjectNode data = n.data().deepCopy();
            data.put("reason", channel.name() + ": " + reason);
            CloudEvent event = CloudEvent.of(
                    UUID.randomUUID().toString(),
                    SOURCE + "/" + channel.name().toLowerCase(),
                    EventType.NOTIFICATION_FAILED,
                    "customer/" + n.customerId(),
                    OffsetDateTime.now(clock),
                    data);
            outbox.add("notification/" + n.id(), event, "customer:" + n.customerId());
        });
        log.info("notification {} by {} refused for good: {}", n.id(), channel.name(), reason);
    }
}
