package dev.sandesh.simulator.domain;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Message ids shaped like Meta's ({@code wamid.} + base64): a random per-process prefix and a
 * counter, so ids are unique within a run and, with overwhelming probability, across restarts.
 */
public final class WamidGenerator {

    private final long processNonce = new SecureRandom().nextLong();
    private final AtomicLong counter = new AtomicLong();

    public String next() {
        ByteBuffer bytes = ByteBuffer.allocate(16).putLong(processNonce).putLong(counter.incrementAndGet());
        return "wamid.HBgM" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }
}
