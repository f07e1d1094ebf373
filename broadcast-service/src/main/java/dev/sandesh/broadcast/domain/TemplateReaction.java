package dev.sandesh.broadcast.domain;

import dev.sandesh.contracts.TemplateEvent;

import java.util.Locale;
import java.util.Optional;

/**
 * What broadcast-service does when Meta changes a template under it (CLOUD-API-MORE §3.1–§3.4):
 * the decision for one {@link TemplateEvent}, made by {@link #of}. Whatever it is, the catalogue is
 * refreshed from Meta afterwards (Meta's list is the truth; the webhook is only the fastest news).
 */
public sealed interface TemplateReaction {

    /**
     * PAUSED or DISABLED (§3.1: "stop campaigns on that template; later sends fail with
     * 132015/132016"): every RUNNING campaign on it is paused — not halted, so it can resume once
     * Meta reinstates the template — with {@code stateReason}; the catalogue records the status.
     */
    record PauseCampaigns(String status, String stateReason) implements TemplateReaction {
    }

    /**
     * The catalogue records a new review status ({@code APPROVED} for APPROVED and REINSTATED —
     * "can be sent again", §3.1 — or REJECTED, PENDING, ARCHIVED, DELETED …). Campaigns paused for
     * the template are not resumed automatically: resuming is the operator's call, allowed once the
     * catalogue says APPROVED.
     */
    record NewStatus(String status) implements TemplateReaction {
    }

    /**
     * The category changed (§3.2, done shape): the catalogue and the live campaigns on the template
     * take the new one, so their estimates price it ("the category applied to the template at time
     * of use", M/pricing); {@code note} is shown on those campaigns.
     */
    record Recategorised(TemplateCategory category, String note) implements TemplateReaction {
    }

    /**
     * Nothing changes now, only the catalogue is read again: a category change announced for later
     * (§3.2, impending: it is applied when Meta applies it), a quality score (§3.3), an edit of the
     * content (§3.4), FLAGGED ("at risk of being disabled": still sendable), or an event we do not
     * know (§3: ignored, never refused). {@code warning} is for the log when an operator should
     * know (FLAGGED, a RED score, a category change to come), else null.
     */
    record RefreshOnly(String warning) implements TemplateReaction {
    }

    /** The decision table. */
    static TemplateReaction of(TemplateEvent event) {
        String template = event.name() + "/" + event.language();
        return switch (event.kind()) {
            case STATUS -> status(template, event);
            case CATEGORY -> {
                Optional<TemplateCategory> category = TemplateCategory.fromWire(event.newCategory());
                if (event.categoryChangeImpending()) {
                    yield new RefreshOnly("template " + template + " will be re-categorised by Meta from " + event.newCategory()
                            + " to " + event.correctCategory() + (event.effectiveAt() == null ? "" : " at " + event.effectiveAt()));
                }
                yield category.<TemplateReaction>map(c -> new Recategorised(c, "template " + template + " re-categorised by Meta"
                                + (event.previousCategory() == null ? "" : " from " + event.previousCategory()) + " to " + c.name()))
                        .orElseGet(() -> new RefreshOnly(null));
            }
            case QUALITY -> new RefreshOnly("RED".equals(upper(event.quality()))
                    ? "template " + template + " quality is RED at Meta (was " + event.previousQuality() + "): it may be paused"
                    : null);
            case COMPONENTS -> new RefreshOnly(null);
        };
    }

    private static TemplateReaction status(String template, TemplateEvent event) {
        String status = upper(event.status());
        if (status == null) {
            return new RefreshOnly(null);
        }
        return switch (status) {
            case "PAUSED", "DISABLED" -> new PauseCampaigns(status, "template " + template + " " + status + " by Meta"
                    + (event.reason() == null ? "" : ": " + event.reason()));
            case "APPROVED", "REINSTATED" -> new NewStatus("APPROVED");
            case "REJECTED", "PENDING", "ARCHIVED", "DELETED", "PENDING_DELETION", "IN_APPEAL" -> new NewStatus(status);
            case "FLAGGED" -> new RefreshOnly("template " + template + " FLAGGED by Meta: at risk of being disabled");
            // LIMIT_EXCEEDED is the WABA's template count; LOCKED (no edits) and UNARCHIVED leave the status to Meta's list
            default -> new RefreshOnly(null);
        };
    }

    private static String upper(String value) {
        return value == null ? null : value.trim().toUpperCase(Locale.ROOT);
    }
}
