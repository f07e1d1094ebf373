package dev.sandesh.broadcast.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Audience hygiene, before anything is stored or sent: every number is normalised to E.164;
 * numbers that cannot be read are INVALID_NUMBER, a number already seen earlier in the list is
 * a DUPLICATE (whatever format each copy was written in), and a number on the opt-out list is
 * OPTED_OUT; then the recipient's values are checked against the campaign's template
 * ({@link CheckedTemplate#check}: PARAMETER_COUNT, MISSING_VARIABLE, INVALID_PARAMETER). Rules apply in that order, so an opted-out number given twice is OPTED_OUT once
 * and DUPLICATE after.
 *
 * <p>Two steps because the opt-out list lives in the database: {@link #normalise} reads the
 * numbers, the caller looks up {@link Normalised#numbers()} in one query, then
 * {@link Normalised#screen} decides.
 */
public final class AudienceScreen {

    private final PhoneNormaliser normaliser;

    public AudienceScreen(PhoneNormaliser normaliser) {
        this.normaliser = normaliser;
    }

    /**
     * The checks that need nothing but the entry itself (number, parameter count), for uploads
     * streamed in chunks: duplicates and opt-outs are then decided in the database.
     */
    public ScreenedRecipient screenAlone(long sequence, AudienceEntry entry, CheckedTemplate template) {
        return switch (normaliser.normalise(entry.phone())) {
            case PhoneNormaliser.Invalid invalid ->
                    new ScreenedRecipient(sequence, entry, null, null, RejectionReason.INVALID_NUMBER, invalid.detail());
            case PhoneNormaliser.Valid valid -> {
                var problem = template.check(entry.parameters(), entry.variables());
                yield new ScreenedRecipient(sequence, entry, valid.e164(), valid.region(),
                        problem.map(CheckedTemplate.RecipientProblem::reason).orElse(null),
                        problem.map(CheckedTemplate.RecipientProblem::detail).orElse(null));
            }
        };
    }

    public Normalised normalise(List<AudienceEntry> entries) {
        List<PhoneNormaliser.Result> results = new ArrayList<>(entries.size());
        for (AudienceEntry entry : entries) {
            results.add(normaliser.normalise(entry.phone()));
        }
        return new Normalised(List.copyOf(entries), results);
    }

    /** An audience whose numbers have been read, waiting for the opt-out list. */
    public static final class Normalised {

        private final List<AudienceEntry> entries;
        private final List<PhoneNormaliser.Result> results;

        private Normalised(List<AudienceEntry> entries, List<PhoneNormaliser.Result> results) {
            this.entries = entries;
            this.results = results;
        }

        /** The distinct valid E.164 numbers, to look up in the opt-out list. */
        public Set<String> numbers() {
            Set<String> numbers = new LinkedHashSet<>();
            for (PhoneNormaliser.Result result : results) {
                if (result instanceof PhoneNormaliser.Valid valid) {
                    numbers.add(valid.e164());
                }
            }
            return numbers;
        }

        /** @param optedOut E.164 numbers (of this audience, or more) that must not be messaged */
        public ScreenedAudience screen(Set<String> optedOut) {
            return screen(optedOut, null);
        }

        /**
         * @param optedOut E.164 numbers (of this audience, or more) that must not be messaged
         * @param template the campaign's checked template, which every recipient's values must fit; null to skip
         */
        public ScreenedAudience screen(Set<String> optedOut, CheckedTemplate template) {
            Map<String, Long> firstSeen = new HashMap<>();
            List<ScreenedRecipient> screened = new ArrayList<>(entries.size());
            for (int i = 0; i < entries.size(); i++) {
                AudienceEntry entry = entries.get(i);
                long sequence = i;
                screened.add(switch (results.get(i)) {
                    case PhoneNormaliser.Invalid invalid ->
                            new ScreenedRecipient(sequence, entry, null, null, RejectionReason.INVALID_NUMBER, invalid.detail());
                    case PhoneNormaliser.Valid valid -> {
                        Long earlier = firstSeen.putIfAbsent(valid.e164(), sequence);
                        if (earlier != null) {
                            yield new ScreenedRecipient(sequence, entry, valid.e164(), valid.region(),
                                    RejectionReason.DUPLICATE, "same number as recipient " + earlier);
                        }
                        if (optedOut.contains(valid.e164())) {
                            yield new ScreenedRecipient(sequence, entry, valid.e164(), valid.region(),
                                    RejectionReason.OPTED_OUT, "the person opted out of our messages");
                        }
                        var problem = template == null ? java.util.Optional.<CheckedTemplate.RecipientProblem>empty()
                                : template.check(entry.parameters(), entry.variables());
                        yield problem.isEmpty()
                                ? new ScreenedRecipient(sequence, entry, valid.e164(), valid.region(), null, null)
                                : new ScreenedRecipient(sequence, entry, valid.e164(), valid.region(), problem.get().reason(), problem.get().detail());
                    }
                });
            }
            return new ScreenedAudience(screened);
        }
    }
}
