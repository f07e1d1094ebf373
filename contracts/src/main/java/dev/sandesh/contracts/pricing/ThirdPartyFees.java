package dev.sandesh.contracts.pricing;

import java.math.BigDecimal;

/**
 * What a third-party WhatsApp provider adds on top of Meta's own fee, for the "what a provider
 * would have charged" comparison. Defaults to Twilio's published fees: US$0.005 per message sent
 * (attempts included) and, since 30 Sep 2024, US$0.001 more for each message that ends failed.
 *
 * @param perMessage fee per message attempted
 * @param perFailed  extra fee per message that ended failed
 * @param currency   currency of both fees
 */
public record ThirdPartyFees(BigDecimal perMessage, BigDecimal perFailed, String currency) {

    public static final ThirdPartyFees TWILIO = new ThirdPartyFees(new BigDecimal("0.005"), new BigDecimal("0.001"), "USD");

    /** The provider's own fees for a campaign (Meta's fee, which the provider passes on, is not included). */
    public BigDecimal fees(long attempted, long failed) {
        return perMessage.multiply(BigDecimal.valueOf(attempted)).add(perFailed.multiply(BigDecimal.valueOf(failed)));
    }
}
