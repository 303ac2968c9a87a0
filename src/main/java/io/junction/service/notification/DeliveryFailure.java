package io.junction.service.notification;

/**
 * A channel could not deliver a notification. Permanent: the recipient was refused for good (an SMTP 5xx on the
 * address, an HTTP 4xx), a person should call back. Otherwise transient (no connection, a 4xx reply, a timeout): the
 * send is tried again later (routes/notifications.camel.yaml).
 */
public class DeliveryFailure extends RuntimeException {

    private final boolean permanent;

    public DeliveryFailure(boolean permanent, String reason, Throwable cause) {
        super(reason, cause);
        this.permanent = permanent;
    }

    public boolean permanent() {
        return permanent;
    }
}
