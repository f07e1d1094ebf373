package dev.sandesh.webhook.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * An inbound message that answers one of our messages ({@code context.id}, CLOUD-API-MORE §3.9):
 * a text reply, a quick-reply button tap or an interactive button / list choice. Tied to a campaign
 * recipient by {@code contextWamid}, the wamid of the template message it answers.
 *
 * @param messageId     the reply's own wamid (Meta's retries repeat it: the key)
 * @param contextWamid  the wamid of the message it answers
 * @param phone         the sender's phone, E.164, or null when Meta hid it (a BSUID-only user)
 * @param userId        the sender's BSUID, or null
 * @param phoneNumberId the business number that received it
 * @param kind          what was sent
 * @param text          the text, or the button's label / the choice's title
 * @param payload       the button's payload / the choice's id; null for a text
 * @param at            Meta's timestamp
 */
public record InboundReply(String messageId, String contextWamid, String phone, String userId, String phoneNumberId,
                           Kind kind, String text, String payload, Instant at) {

    /** What the reply is, named as stored and exported. */
    public enum Kind {
        /** {@code type: text}. */
        TEXT,
        /** {@code type: button}: a template's quick-reply button. */
        BUTTON,
        /** {@code interactive.button_reply}. */
        BUTTON_REPLY,
        /** {@code interactive.list_reply}. */
        LIST_REPLY
    }

    public InboundReply {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(contextWamid, "contextWamid");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(at, "at");
    }

    @Override
    public String toString() {
        // the text may be personal and the phone is one: neither whole in a log line
        return "InboundReply[messageId=" + messageId + ", contextWamid=" + contextWamid + ", kind=" + kind + ", at=" + at + "]";
    }
}
