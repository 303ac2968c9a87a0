package io.junction.canonical;

public enum PaymentStatus {
    PENDING,
    AUTHORIZED,
    PAID,
    PARTIALLY_PAID,
    PARTIALLY_REFUNDED,
    REFUNDED,
    VOIDED,
    FAILED,
    UNKNOWN
}
