package dev.sandesh.simulator.api;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /_simulator/config}: every knob that can change while the simulator runs, in the
 * shape {@code PUT /_simulator/config} accepts (REFERENCE.md "Simulator API" has each field).
 * Durations are ISO-8601 ({@code PT0.05S}); PUT also takes {@code "50ms"}, {@code "6s"} or milliseconds.
 *
 * @param rate       default messages per second per phone number id; 0 or negative = unlimited
 * @param burst      default token-bucket capacity in messages
 * @param webhookUrl where webhooks go, or null when they are off
 * @param numbers    per phone number id: effective limits and display number
 */
public record SimulatorSettings(Double rate, Double burst, String webhookUrl, List<String> phoneNumberIds,
                                Map<String, NumberSettings> numbers, PairRate pairRate, String account,
                                Faults faults, Webhook webhook, List<RuleView> recipientRules) {

    public record NumberSettings(double rate, double burst, boolean ownLimits, String displayPhoneNumber) { }

    public record PairRate(boolean enabled, String interval, int burst) { }

    public record Faults(double serverErrorShare, double unavailableShare, double timeoutShare, String timeoutHold,
                         String latencyMedian, String latencyP99) { }

    public record Webhook(String sentDelay, String deliveredDelay, String readDelay, String reorderGap,
                          double duplicateShare, double reorderShare, double skipDeliveredShare) { }

    public record RuleView(String prefix, String suffix, String regex, String country, Double percent,
                           String outcome, String readDelay) { }
}
