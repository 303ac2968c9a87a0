package io.junction.webhook;

/** How a webhook signature is written into its header. */
public enum SignatureEncoding {
    BASE64,
    HEX
}
