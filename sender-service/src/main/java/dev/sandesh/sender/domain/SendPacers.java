package dev.sandesh.sender.domain;

import java.time.InstantSource;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * One {@link SendPacer} per business phone number, shared by every batch being sent: Meta's
 * throughput limit is per number, not per batch, so two batches for the same number share slots.
 */
public final class SendPacers {

    private final double ratePerSecond;
    private final InstantSource clock;
    private final ConcurrentMap<String, SendPacer> byPhoneNumberId = new ConcurrentHashMap<>();

    public SendPacers(double ratePerSecond, InstantSource clock) {
        this.ratePerSecond = ratePerSecond;
        this.clock = clock;
    }

    public SendPacer forNumber(String phoneNumberId) {
        return byPhoneNumberId.computeIfAbsent(phoneNumberId, id -> new SendPacer(ratePerSecond, clock));
    }

    public double ratePerSecond() {
        return ratePerSecond;
    }
}
