package dev.sandesh.broadcast.domain;

import dev.sandesh.contracts.TemplateEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Which template event does what to campaigns and the catalogue (CLOUD-API-MORE §3.1–§3.4). */
class TemplateReactionTest {

    private static final Instant AT = Instant.parse("2026-10-01T10:00:00Z");

    private static TemplateEvent status(String event, String reason) {
        return new TemplateEvent(TemplateEvent.VERSION, "waba", "1", "diwali_offer", "en", TemplateEvent.Kind.STATUS, event, reason,
                "MARKETING", null, null, null, null, null, null, AT, AT);
    }

    private static TemplateEvent category(String newCategory, String previous, String correct) {
        return new TemplateEvent(TemplateEvent.VERSION, "waba", "1", "diwali_offer", "en", TemplateEvent.Kind.CATEGORY, null, null,
                null, newCategory, previous, correct, correct == null ? null : AT.plusSeconds(86_400), null, null, AT, AT);
    }

    @Test
    void pausedAndDisabledPauseCampaignsWithMetasReason() {
        assertThat(TemplateReaction.of(status("PAUSED", "FIRST_PAUSE"))).isEqualTo(
                new TemplateReaction.PauseCampaigns("PAUSED", "template diwali_offer/en PAUSED by Meta: FIRST_PAUSE"));
        assertThat(TemplateReaction.of(status("disabled", null))).isEqualTo(
                new TemplateReaction.PauseCampaigns("DISABLED", "template diwali_offer/en DISABLED by Meta"));
    }

    @Test
    void reinstatedAndApprovedMakeTheTemplateApprovedAgainButResumeNothingThemselves() {
        assertThat(TemplateReaction.of(status("REINSTATED", "UNPAUSE"))).isEqualTo(new TemplateReaction.NewStatus("APPROVED"));
        assertThat(TemplateReaction.of(status("APPROVED", null))).isEqualTo(new TemplateReaction.NewStatus("APPROVED"));
    }

    @Test
    void otherReviewStatusesAreRecordedAndFlaggedOnlyWarns() {
        assertThat(TemplateReaction.of(status("REJECTED", "INVALID_FORMAT"))).isEqualTo(new TemplateReaction.NewStatus("REJECTED"));
        assertThat(TemplateReaction.of(status("DELETED", null))).isEqualTo(new TemplateReaction.NewStatus("DELETED"));
        assertThat(TemplateReaction.of(status("FLAGGED", null))).isInstanceOfSatisfying(TemplateReaction.RefreshOnly.class,
                r -> assertThat(r.warning()).contains("FLAGGED"));
        assertThat(TemplateReaction.of(status("SOMETHING_NEW_IN_2027", null))).isEqualTo(new TemplateReaction.RefreshOnly(null));
        assertThat(TemplateReaction.of(status(null, null))).isEqualTo(new TemplateReaction.RefreshOnly(null));
    }

    @Test
    void aDoneCategoryChangeRecategorisesAndAnImpendingOneOnlyWarns() {
        assertThat(TemplateReaction.of(category("MARKETING", "UTILITY", null))).isEqualTo(new TemplateReaction.Recategorised(
                TemplateCategory.MARKETING, "template diwali_offer/en re-categorised by Meta from UTILITY to MARKETING"));
        assertThat(TemplateReaction.of(category("UTILITY", null, "MARKETING"))).isInstanceOfSatisfying(TemplateReaction.RefreshOnly.class,
                r -> assertThat(r.warning()).contains("from UTILITY to MARKETING at 2026-10-02T10:00:00Z"));
        assertThat(TemplateReaction.of(category("TRANSACTIONAL", "UTILITY", null))).isEqualTo(new TemplateReaction.RefreshOnly(null));
    }

    @Test
    void qualityAndComponentsOnlyRefreshAndARedScoreWarns() {
        TemplateEvent red = new TemplateEvent(TemplateEvent.VERSION, "waba", "1", "diwali_offer", "en", TemplateEvent.Kind.QUALITY,
                null, null, null, null, null, null, null, "YELLOW", "RED", AT, AT);
        TemplateEvent green = new TemplateEvent(TemplateEvent.VERSION, "waba", "1", "diwali_offer", "en", TemplateEvent.Kind.QUALITY,
                null, null, null, null, null, null, null, "YELLOW", "GREEN", AT, AT);
        TemplateEvent edited = new TemplateEvent(TemplateEvent.VERSION, "waba", "1", "diwali_offer", "en", TemplateEvent.Kind.COMPONENTS,
                null, null, null, null, null, null, null, null, null, AT, AT);

        assertThat(TemplateReaction.of(red)).isInstanceOfSatisfying(TemplateReaction.RefreshOnly.class,
                r -> assertThat(r.warning()).contains("RED"));
        assertThat(TemplateReaction.of(green)).isEqualTo(new TemplateReaction.RefreshOnly(null));
        assertThat(TemplateReaction.of(edited)).isEqualTo(new TemplateReaction.RefreshOnly(null));
    }
}
