package dev.sandesh.webhook.domain;

import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.OptOut.Action;
import dev.sandesh.contracts.OptOut.Source;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OptOutPolicyTest {

    private static final Instant AT = Instant.ofEpochSecond(1_750_030_073L);
    private final OptOutPolicy policy = new OptOutPolicy(List.of("STOP", "unsubscribe", "Stop all"), List.of("START"),
            List.of("STOP_PROMOTIONS"));

    @Test
    void stopKeywordsAreCaseInsensitiveAndIgnoreSpacesAndTrailingPunctuation() {
        for (String text : List.of("STOP", "stop", "  Stop. ", "Unsubscribe!", "stop   all")) {
            assertThat(policy.fromText("919812345678", text, AT)).as(text)
                    .contains(new OptOut("+919812345678", Action.OPT_OUT, Source.KEYWORD, AT));
        }
    }

    @Test
    void aSentenceThatMerelyContainsAKeywordIsNotAnOptOut() {
        assertThat(policy.fromText("919812345678", "please don't stop the offers", AT)).isEmpty();
        assertThat(policy.fromText("919812345678", "stopwatch", AT)).isEmpty();
        assertThat(policy.fromText("919812345678", null, AT)).isEmpty();
    }

    @Test
    void startKeywordsOptBackIn() {
        assertThat(policy.fromText("919812345678", "start", AT))
                .contains(new OptOut("+919812345678", Action.OPT_IN, Source.KEYWORD, AT));
    }

    @Test
    void aStopQuickReplyButtonIsAnOptOutByPayloadOrLabel() {
        assertThat(policy.fromButton("919812345678", "STOP_PROMOTIONS", "Stop promotions", AT))
                .contains(new OptOut("+919812345678", Action.OPT_OUT, Source.BUTTON, AT));
        assertThat(policy.fromButton("919812345678", "opaque-123", "Stop", AT)).map(OptOut::action).contains(Action.OPT_OUT);
        assertThat(policy.fromButton("919812345678", "BUY_NOW", "Buy now", AT)).isEmpty();
    }

    @Test
    void userPreferencesStopAndResumeForMarketing() {
        assertThat(policy.fromUserPreference("919812345678", "marketing_messages", "stop", AT))
                .contains(new OptOut("+919812345678", Action.OPT_OUT, Source.USER_PREFERENCES, AT));
        assertThat(policy.fromUserPreference("919812345678", "marketing_messages", "resume", AT))
                .contains(new OptOut("+919812345678", Action.OPT_IN, Source.USER_PREFERENCES, AT));
        assertThat(policy.fromUserPreference("919812345678", "marketing_messages", "something_new", AT)).isEmpty();
        assertThat(policy.fromUserPreference("919812345678", "utility_messages", "stop", AT)).isEmpty();
    }

    @Test
    void onlyAFailedStatusWith131050IsAnOptOut() {
        StatusEvent stopped = new StatusEvent("wamid.1", DeliveryStatus.FAILED, AT, "919812345678", null,
                new StatusError(131050, "user stopped marketing"));
        assertThat(policy.fromStatus(stopped)).contains(new OptOut("+919812345678", Action.OPT_OUT, Source.ERROR_131050, AT));

        StatusEvent undeliverable = new StatusEvent("wamid.1", DeliveryStatus.FAILED, AT, "919812345678", null,
                new StatusError(131026, "undeliverable"));
        assertThat(policy.fromStatus(undeliverable)).isEmpty();
        assertThat(policy.fromStatus(new StatusEvent("wamid.1", DeliveryStatus.READ, AT, "919812345678", null, null))).isEmpty();
    }

    @Test
    void aBusinessScopedUserIdIsNotAPhoneNumber() {
        assertThat(OptOutPolicy.phone("US.13491208655302741918")).isEmpty();
        assertThat(OptOutPolicy.phone("1234")).isEmpty();
        assertThat(OptOutPolicy.phone("+5511987654321")).isEqualTo(Optional.of("+5511987654321"));
        assertThat(OptOutPolicy.phone(" 919812345678 ")).isEqualTo(Optional.of("+919812345678"));
        StatusEvent hidden = new StatusEvent("wamid.1", DeliveryStatus.FAILED, AT, "US.13491208655302741918", null,
                new StatusError(131050, "user stopped marketing"));
        assertThat(policy.fromStatus(hidden)).isEmpty();
    }
}
