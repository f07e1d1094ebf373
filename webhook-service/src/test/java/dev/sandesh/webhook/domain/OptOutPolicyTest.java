package dev.sandesh.webhook.domain;

import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.OptOut.Action;
import dev.sandesh.contracts.OptOut.Scope;
import dev.sandesh.contracts.OptOut.Source;
import dev.sandesh.webhook.domain.OptOutPolicy.Who;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OptOutPolicyTest {

    private static final Instant AT = Instant.ofEpochSecond(1_750_030_073L);
    private static final String NUMBER = "106540352242922";
    private static final String BSUID = "IN.13491208655302741918";
    private static final Who PHONE = new Who("919812345678", null, NUMBER);
    private final OptOutPolicy policy = new OptOutPolicy(List.of("STOP", "unsubscribe", "Stop all", "cancel"), List.of("START"),
            List.of("STOP_PROMOTIONS"));

    private static OptOut out(Scope scope, Source source) {
        return new OptOut("+919812345678", null, NUMBER, scope, Action.OPT_OUT, source, AT);
    }

    @Test
    void stopKeywordsAreCaseInsensitiveAndIgnoreSpacesAndTrailingPunctuation() {
        for (String text : List.of("STOP", "stop", "  Stop. ", "Unsubscribe!")) {
            assertThat(policy.fromText(PHONE, text, AT)).as(text).contains(out(Scope.MARKETING, Source.KEYWORD));
        }
        assertThat(policy.fromText(PHONE, "stop   all", AT)).contains(out(Scope.ALL, Source.KEYWORD));
    }

    @Test
    void aKeywordOutsideTheTableTakesTheDefaultScopeAndConfigurationOverridesTheTable() {
        assertThat(policy.fromText(PHONE, "cancel", AT)).contains(out(Scope.MARKETING, Source.KEYWORD));
        OptOutPolicy strict = new OptOutPolicy(List.of("STOP", "cancel"), List.of("START"), List.of(),
                Map.of("stop", Scope.ALL), Scope.ALL);
        assertThat(strict.fromText(PHONE, "Stop", AT)).contains(out(Scope.ALL, Source.KEYWORD));
        assertThat(strict.fromText(PHONE, "cancel", AT)).contains(out(Scope.ALL, Source.KEYWORD));
        assertThat(strict.scopeOf("unsubscribe")).isEqualTo(Scope.MARKETING);
    }

    @Test
    void aSentenceThatMerelyContainsAKeywordIsNotAnOptOut() {
        assertThat(policy.fromText(PHONE, "please don't stop the offers", AT)).isEmpty();
        assertThat(policy.fromText(PHONE, "stopwatch", AT)).isEmpty();
        assertThat(policy.fromText(PHONE, null, AT)).isEmpty();
    }

    @Test
    void startKeywordsOptBackInFromEveryScope() {
        assertThat(policy.fromText(PHONE, "start", AT))
                .contains(new OptOut("+919812345678", null, NUMBER, Scope.ALL, Action.OPT_IN, Source.KEYWORD, AT));
    }

    @Test
    void aStopQuickReplyButtonIsAnOptOutByPayloadOrLabel() {
        assertThat(policy.fromButton(PHONE, "STOP_PROMOTIONS", "Stop promotions", AT)).contains(out(Scope.MARKETING, Source.BUTTON));
        assertThat(policy.fromButton(PHONE, "opaque-123", "Stop all", AT)).contains(out(Scope.ALL, Source.BUTTON));
        assertThat(policy.fromButton(PHONE, "BUY_NOW", "Buy now", AT)).isEmpty();
    }

    @Test
    void userPreferencesStopAndResumeAreMarketingOnly() {
        assertThat(policy.fromUserPreference(PHONE, "marketing_messages", "stop", AT)).contains(out(Scope.MARKETING, Source.USER_PREFERENCES));
        assertThat(policy.fromUserPreference(PHONE, "marketing_messages", "resume", AT))
                .contains(new OptOut("+919812345678", null, NUMBER, Scope.MARKETING, Action.OPT_IN, Source.USER_PREFERENCES, AT));
        assertThat(policy.fromUserPreference(PHONE, "marketing_messages", "something_new", AT)).isEmpty();
        assertThat(policy.fromUserPreference(PHONE, "utility_messages", "stop", AT)).isEmpty();
    }

    @Test
    void aBsuidOnlyOptOutIsKeptAndBothKeysTravelWhenKnown() {
        assertThat(policy.fromUserPreference(new Who(null, BSUID, NUMBER), "marketing_messages", "stop", AT))
                .contains(new OptOut(null, BSUID, NUMBER, Scope.MARKETING, Action.OPT_OUT, Source.USER_PREFERENCES, AT));
        assertThat(policy.fromText(new Who("919812345678", BSUID, NUMBER), "STOP", AT))
                .contains(new OptOut("+919812345678", BSUID, NUMBER, Scope.MARKETING, Action.OPT_OUT, Source.KEYWORD, AT));
        assertThat(policy.fromText(new Who(null, " ", NUMBER), "STOP", AT)).isEmpty();
        assertThat(policy.fromText(new Who("919812345678", null, null), "STOP", AT).orElseThrow().phoneNumberId())
                .as("no business number named: every number").isNull();
    }

    @Test
    void onlyAFailedStatusWith131050IsAMarketingOptOut() {
        StatusEvent stopped = new StatusEvent("wamid.1", DeliveryStatus.FAILED, AT, "919812345678", null,
                new StatusError(131050, "user stopped marketing"));
        assertThat(policy.fromStatus(stopped, new Who(null, null, NUMBER))).contains(out(Scope.MARKETING, Source.ERROR_131050));

        StatusEvent undeliverable = new StatusEvent("wamid.1", DeliveryStatus.FAILED, AT, "919812345678", null,
                new StatusError(131026, "undeliverable"));
        assertThat(policy.fromStatus(undeliverable, PHONE)).isEmpty();
        assertThat(policy.fromStatus(new StatusEvent("wamid.1", DeliveryStatus.READ, AT, "919812345678", null, null), PHONE)).isEmpty();
    }

    @Test
    void aBusinessScopedUserIdIsNotAPhoneNumberButIsKeptAsTheUserId() {
        assertThat(OptOutPolicy.phone("US.13491208655302741918")).isEmpty();
        assertThat(OptOutPolicy.phone("1234")).isEmpty();
        assertThat(OptOutPolicy.phone("+5511987654321")).isEqualTo(Optional.of("+5511987654321"));
        assertThat(OptOutPolicy.phone(" 919812345678 ")).isEqualTo(Optional.of("+919812345678"));
        StatusEvent hidden = new StatusEvent("wamid.1", DeliveryStatus.FAILED, AT, null, null,
                new StatusError(131050, "user stopped marketing"));
        assertThat(policy.fromStatus(hidden, new Who(null, null, NUMBER))).isEmpty();
        assertThat(policy.fromStatus(hidden, new Who(null, BSUID, NUMBER)))
                .contains(new OptOut(null, BSUID, NUMBER, Scope.MARKETING, Action.OPT_OUT, Source.ERROR_131050, AT));
    }
}
