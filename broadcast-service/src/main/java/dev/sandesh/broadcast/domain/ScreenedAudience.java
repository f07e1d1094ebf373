package dev.sandesh.broadcast.domain;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** A campaign's audience after screening, in the caller's order. */
public record ScreenedAudience(List<ScreenedRecipient> recipients) {

    public ScreenedAudience {
        recipients = List.copyOf(recipients);
    }

    public List<ScreenedRecipient> valid() {
        return recipients.stream().filter(ScreenedRecipient::isValid).toList();
    }

    public List<ScreenedRecipient> rejected() {
        return recipients.stream().filter(r -> !r.isValid()).toList();
    }

    public int validCount() {
        return (int) recipients.stream().filter(ScreenedRecipient::isValid).count();
    }

    /** Rejections by reason, every reason present (zero when none). */
    public Map<RejectionReason, Integer> rejectedByReason() {
        Map<RejectionReason, Integer> counts = new EnumMap<>(RejectionReason.class);
        for (RejectionReason reason : RejectionReason.values()) {
            counts.put(reason, 0);
        }
        for (ScreenedRecipient r : recipients) {
            if (!r.isValid()) {
                counts.merge(r.rejection(), 1, Integer::sum);
            }
        }
        return counts;
    }
}
