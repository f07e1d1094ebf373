package dev.sandesh.simulator.domain;

import java.util.List;

/**
 * Which recipients the simulated network cannot reach: a number whose digits end with one of the
 * configured suffixes gets {@code sent} then {@code failed} with 131026 ("Message undeliverable",
 * e.g. not a WhatsApp user) instead of {@code delivered}/{@code read}.
 */
public record RecipientRules(List<String> undeliverableSuffixes) {

    public RecipientRules {
        undeliverableSuffixes = undeliverableSuffixes.stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    public boolean undeliverable(String waId) {
        for (String suffix : undeliverableSuffixes) {
            if (waId.endsWith(suffix)) {
                return true;
            }
        }
        return false;
    }
}
