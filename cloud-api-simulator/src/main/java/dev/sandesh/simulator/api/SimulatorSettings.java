package dev.sandesh.simulator.api;

import java.util.List;

/**
 * {@code GET/PUT /_simulator/config}: the knobs that can change while the simulator runs.
 * On PUT every field is optional; a {@code rate} without {@code burst} resets the burst to one
 * second's worth; {@code webhookUrl} empty or null switches webhooks off.
 *
 * @param rate      messages per second per phone number id; 0 or negative = unlimited
 * @param burst     token-bucket capacity in messages
 * @param webhookUrl where status webhooks go, or null when they are off
 */
public record SimulatorSettings(Double rate, Double burst, String webhookUrl, List<String> phoneNumberIds) {
}
