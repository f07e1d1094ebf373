package dev.sandesh.broadcast.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Meta's messaging limit: how many unique users a business number may reach with templates in a
 * moving 24 h (250 → 2,000 → 10,000 → 100,000 → unlimited). Meta answers no error when it is
 * exceeded (CLOUD-API.md), so Sandesh plans within it: a campaign larger than what remains of the
 * budget is refused, or spread over 24 h windows.
 */
public record MessagingLimit(OptionalLong tier) {

    public static final Duration WINDOW = Duration.ofHours(24);

    private static final List<Long> TIERS = List.of(250L, 2_000L, 10_000L, 100_000L);

    public static MessagingLimit parse(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT).replace(",", "").replace("_", "");
        if (v.equals("unlimited")) {
            return new MessagingLimit(OptionalLong.empty());
        }
        try {
            long tier = Long.parseLong(v);
            if (TIERS.contains(tier)) {
                return new MessagingLimit(OptionalLong.of(tier));
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("messaging-limit tier '" + value + "' is not one of 250, 2000, 10000, 100000, unlimited");
    }

    public boolean unlimited() {
        return tier.isEmpty();
    }

    /** What is left of the budget when {@code used} unique users were reached in the last 24 h. */
    public long remaining(long used) {
        return tier.isEmpty() ? Long.MAX_VALUE : Math.max(0, tier.getAsLong() - used);
    }

    /** How a campaign larger than the remaining budget is handled. */
    public enum OverLimit { REFUSE, SPREAD }

    /** A slice of a campaign's valid recipients, released at {@code releaseAt}. */
    public record Window(int number, Instant releaseAt, long recipients) {
    }

    /** The plan for a campaign: windows, or a refusal saying why. */
    public sealed interface Plan permits Windows, Refused {
    }

    public record Windows(List<Window> windows) implements Plan {
    }

    public record Refused(long recipients, long remaining, long tier) implements Plan {

        public String reason() {
            return recipients + " recipients exceed the " + remaining + " left of this number's messaging limit ("
                    + tier + " unique users per moving 24 h); send fewer, wait, or ask to spread the campaign (\"overLimit\": \"spread\")";
        }
    }

    /**
     * @param valid  the campaign's valid recipients
     * @param used   unique users the number reached in the last 24 h
     * @param mode   what to do when it does not fit
     * @param start  when the campaign starts
     */
    public Plan plan(long valid, long used, OverLimit mode, Instant start) {
        long remaining = remaining(used);
        if (valid <= remaining) {
            return new Windows(List.of(new Window(0, start, valid)));
        }
        long tierSize = tier.getAsLong();
        if (mode == OverLimit.REFUSE) {
            return new Refused(valid, remaining, tierSize);
        }
        // What is used now frees up within 24 h at the latest, so every later window has the whole tier.
        List<Window> windows = new ArrayList<>();
        long left = valid;
        int number = 0;
        if (remaining > 0) {
            windows.add(new Window(number++, start, remaining));
            left -= remaining;
        }
        int day = 1;
        while (left > 0) {
            long size = Math.min(left, tierSize);
            windows.add(new Window(number++, start.plus(WINDOW.multipliedBy(day++)), size));
            left -= size;
        }
        return new Windows(windows);
    }
}
