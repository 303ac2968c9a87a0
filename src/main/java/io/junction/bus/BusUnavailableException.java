package io.junction.bus;

/** The broker is known not to take messages now: nothing was sent, the sender should retry (an HTTP caller gets 503). */
public class BusUnavailableException extends RuntimeException {

    public static final String DETAIL = "the message bus is unavailable; nothing was accepted, retry later";

    public BusUnavailableException() {
        super(DETAIL);
    }
}
