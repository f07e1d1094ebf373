package dev.sandesh.broadcast.domain;

/**
 * A recipient after screening: valid ones carry their E.164 number and region; rejected ones
 * carry the reason (and still the number, when it could be read).
 *
 * @param sequence  0-based index in the caller's list, the recipient's id within the campaign
 * @param entry     what the caller sent
 * @param phoneE164 normalised number, or null when it could not be read
 * @param country   ISO region of the number, or null when it could not be read
 * @param rejection null for a valid recipient
 * @param detail    why, in words, for a rejected recipient
 */
public record ScreenedRecipient(
        long sequence,
        AudienceEntry entry,
        String phoneE164,
        String country,
        RejectionReason rejection,
        String detail) {

    /** The same screening under another sequence. */
    public ScreenedRecipient withSequence(long newSequence) {
        return new ScreenedRecipient(newSequence, entry, phoneE164, country, rejection, detail);
    }

    public boolean isValid() {
        return rejection == null;
    }
}
