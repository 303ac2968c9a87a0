package io.junction.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.awaitility.core.ThrowingRunnable;

/**
 * That something does NOT happen: the assertion must hold at every poll for the whole period (Awaitility's during),
 * not just once after a sleep, and fails as soon as it breaks.
 */
public final class Still {

    private Still() {}

    public static void holdsFor(Duration period, ThrowingRunnable assertion) {
        await().during(period).atMost(period.plusSeconds(10)).untilAsserted(assertion);
    }
}
