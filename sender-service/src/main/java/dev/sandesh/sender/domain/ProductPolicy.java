package dev.sandesh.sender.domain;

/**
 * The Marketing Messages API's {@code product_policy} (spec L1922-1966, CLOUD-API-MORE §5): what Meta does
 * when the WABA cannot use the MM API yet. Sent only on {@code /marketing_messages}, and only when
 * configured ({@code sandesh.sender.marketing-product-policy}); left out, Meta applies CLOUD_API_FALLBACK.
 */
public enum ProductPolicy {
    /** Meta's default: deliver through Cloud API instead. */
    CLOUD_API_FALLBACK,
    /** Fail the message instead of falling back (secondary sources; unconfirmed, MORE §5). */
    STRICT
}
