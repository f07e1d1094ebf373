package dev.sandesh.simulator.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * How the simulated network treats each recipient: the first rule that matches decides the
 * outcome; no match means sent, delivered, read. Rules with a {@code percent} carve consecutive
 * slices of a stable hash of the wa_id (rule A 5 %, rule B 10 % → 5 % and 10 % of recipients,
 * disjoint), so a recipient keeps its fate across retries, as a real unreachable number would.
 * Users who opted out of marketing (a {@code user_preferences} "stop") get 131050 on marketing.
 */
public final class RecipientRules {

    /** The outcome for one recipient, and its read delay (null = the default). */
    public record Resolution(RecipientOutcome outcome, java.time.Duration readDelay) {
        static final Resolution DEFAULT = new Resolution(RecipientOutcome.READ, null);
    }

    private record Compiled(RecipientRule rule, Pattern regex, int sliceFrom, int sliceTo) { }

    private static final int SLICES = 10_000;

    private volatile List<Compiled> compiled = List.of();
    private volatile List<RecipientRule> rules = List.of();
    private final Set<String> stoppedMarketing = ConcurrentHashMap.newKeySet();

    public RecipientRules(List<RecipientRule> rules) {
        replace(rules);
    }

    /** The rules of the older {@code undeliverable-suffixes} knob. */
    public static List<RecipientRule> undeliverableSuffixes(List<String> suffixes) {
        return suffixes.stream().map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> RecipientRule.suffix(s, RecipientOutcome.UNDELIVERABLE)).toList();
    }

    public List<RecipientRule> rules() {
        return rules;
    }

    public void replace(List<RecipientRule> newRules) {
        List<Compiled> list = new ArrayList<>();
        int slice = 0;
        for (RecipientRule rule : newRules) {
            int from = slice;
            int to = SLICES;
            if (rule.percent() != null) {
                to = Math.min(SLICES, from + (int) Math.round(rule.percent() * SLICES / 100.0));
                slice = to;
            } else {
                from = 0;
            }
            list.add(new Compiled(rule, rule.regex() == null ? null : Pattern.compile(rule.regex()), from, to));
        }
        this.rules = List.copyOf(newRules);
        this.compiled = List.copyOf(list);
    }

    public Resolution resolve(String waId) {
        List<Compiled> current = compiled;
        if (!current.isEmpty()) {
            int slice = -1;
            for (Compiled c : current) {
                if (!c.rule().matchesNumber(waId, c.regex())) {
                    continue;
                }
                if (c.rule().percent() != null) {
                    if (slice < 0) {
                        slice = slice(waId);
                    }
                    if (slice < c.sliceFrom() || slice >= c.sliceTo()) {
                        continue;
                    }
                }
                return new Resolution(c.rule().outcome(), c.rule().readDelay());
            }
        }
        return stoppedMarketing.contains(waId) ? new Resolution(RecipientOutcome.STOPPED_MARKETING, null)
                : Resolution.DEFAULT;
    }

    /** Kept for the {@code undeliverable-suffixes} knob's readers: true if the outcome is 131026. */
    public boolean undeliverable(String waId) {
        return resolve(waId).outcome() == RecipientOutcome.UNDELIVERABLE;
    }

    /** A {@code user_preferences} "stop" (true) or "resume" (false) for marketing messages. */
    public void marketingPreference(String waId, boolean stop) {
        if (stop) {
            stoppedMarketing.add(waId);
        } else {
            stoppedMarketing.remove(waId);
        }
    }

    public Set<String> stoppedMarketing() {
        return Set.copyOf(stoppedMarketing);
    }

    /** A stable slice 0..9999 of the wa_id (String.hashCode is specified, then mixed like MurmurHash3). */
    static int slice(String waId) {
        int h = waId.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return Math.floorMod(h, SLICES);
    }
}
