package dev.sandesh.broadcast.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;

import static dev.sandesh.broadcast.domain.MessagingLimit.OverLimit.REFUSE;
import static dev.sandesh.broadcast.domain.MessagingLimit.OverLimit.SPREAD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessagingLimitTest {

    private static final Instant START = Instant.parse("2025-10-20T06:30:00Z");
    private static final MessagingLimit TIER_250 = MessagingLimit.parse("250");

    private static MessagingLimit.Windows windows(MessagingLimit.Plan plan) {
        assertThat(plan).isInstanceOf(MessagingLimit.Windows.class);
        return (MessagingLimit.Windows) plan;
    }

    @Test
    void everyTierMetaHasParsesAsWrittenInConfig() {
        assertThat(MessagingLimit.parse("250").tier()).hasValue(250);
        assertThat(MessagingLimit.parse("2,000").tier()).hasValue(2_000);
        assertThat(MessagingLimit.parse("10_000").tier()).hasValue(10_000);
        assertThat(MessagingLimit.parse(" 100000 ").tier()).hasValue(100_000);
        assertThat(MessagingLimit.parse("Unlimited").unlimited()).isTrue();
    }

    @Test
    void aTierMetaDoesNotHaveIsRefusedAtStartup() {
        for (String wrong : new String[]{"500", "1000", "0", "-250", "", "lots"}) {
            assertThatThrownBy(() -> MessagingLimit.parse(wrong)).as(wrong)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("250, 2000, 10000, 100000, unlimited");
        }
        assertThatThrownBy(() -> MessagingLimit.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRemainingBudgetIsNeverNegative() {
        assertThat(TIER_250.remaining(0)).isEqualTo(250);
        assertThat(TIER_250.remaining(249)).isEqualTo(1);
        assertThat(TIER_250.remaining(250)).isZero();
        assertThat(TIER_250.remaining(400)).isZero();
        assertThat(new MessagingLimit(OptionalLong.empty()).remaining(1_000_000)).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aCampaignExactlyTheSizeOfWhatRemainsStartsNowInOneWindow() {
        MessagingLimit.Windows plan = windows(TIER_250.plan(150, 100, REFUSE, START));

        assertThat(plan.windows()).containsExactly(new MessagingLimit.Window(0, START, 150));
    }

    @Test
    void oneRecipientOverWhatRemainsIsRefusedWithTheNumbersWhenAskedToRefuse() {
        MessagingLimit.Plan plan = TIER_250.plan(151, 100, REFUSE, START);

        assertThat(plan).isEqualTo(new MessagingLimit.Refused(151, 150, 250));
        assertThat(((MessagingLimit.Refused) plan).reason())
                .startsWith("151 recipients exceed the 150 left of this number's messaging limit (250 unique users per moving 24 h)")
                .contains("\"overLimit\": \"spread\"");
    }

    @Test
    void spreadFillsWhatRemainsNowThenAWholeTierEvery24Hours() {
        MessagingLimit.Windows plan = windows(TIER_250.plan(700, 100, SPREAD, START));

        assertThat(plan.windows()).containsExactly(
                new MessagingLimit.Window(0, START, 150),
                new MessagingLimit.Window(1, START.plus(Duration.ofHours(24)), 250),
                new MessagingLimit.Window(2, START.plus(Duration.ofHours(48)), 250),
                new MessagingLimit.Window(3, START.plus(Duration.ofHours(72)), 50));
        assertThat(plan.windows().stream().mapToLong(MessagingLimit.Window::recipients).sum()).isEqualTo(700);
    }

    @Test
    void withTheBudgetUsedUpASpreadCampaignWaitsForTomorrow() {
        MessagingLimit.Windows plan = windows(TIER_250.plan(300, 250, SPREAD, START));

        assertThat(plan.windows()).containsExactly(
                new MessagingLimit.Window(0, START.plus(Duration.ofHours(24)), 250),
                new MessagingLimit.Window(1, START.plus(Duration.ofHours(48)), 50));
    }

    @Test
    void anUnlimitedNumberNeverRefusesOrSpreads() {
        MessagingLimit unlimited = MessagingLimit.parse("unlimited");

        assertThat(windows(unlimited.plan(5_000_000, 4_000_000, REFUSE, START)).windows())
                .containsExactly(new MessagingLimit.Window(0, START, 5_000_000));
    }

    @Test
    void aCampaignWithNoValidRecipientIsOneEmptyWindow() {
        assertThat(windows(TIER_250.plan(0, 250, REFUSE, START)).windows()).containsExactly(new MessagingLimit.Window(0, START, 0));
    }
}
