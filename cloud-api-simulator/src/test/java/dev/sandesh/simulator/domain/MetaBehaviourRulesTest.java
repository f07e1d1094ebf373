package dev.sandesh.simulator.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MetaBehaviourRulesTest {

    private static final long MS = 1_000_000L;
    private final AtomicLong now = new AtomicLong(1_000_000_000L);

    @Test
    void firstMatchingRuleDecidesByPrefixSuffixRegexAndCountry() {
        RecipientRules rules = new RecipientRules(List.of(
                new RecipientRule("9199", null, null, null, null, RecipientOutcome.MARKETING_CAP, null),
                RecipientRule.suffix("0000", RecipientOutcome.UNDELIVERABLE),
                new RecipientRule(null, null, "55\\d+7", null, null, RecipientOutcome.DELIVERED_NOT_READ, null),
                new RecipientRule(null, null, null, "1", null, RecipientOutcome.STOPPED_MARKETING, null)));
        assertThat(rules.resolve("919900000000").outcome()).isEqualTo(RecipientOutcome.MARKETING_CAP);
        assertThat(rules.resolve("919800000000").outcome()).isEqualTo(RecipientOutcome.UNDELIVERABLE);
        assertThat(rules.resolve("5511999999997").outcome()).isEqualTo(RecipientOutcome.DELIVERED_NOT_READ);
        assertThat(rules.resolve("15551234567").outcome()).isEqualTo(RecipientOutcome.STOPPED_MARKETING);
        assertThat(rules.resolve("919812345678").outcome()).isEqualTo(RecipientOutcome.READ);
    }

    @Test
    void percentRulesTakeDisjointStableSlicesOfRecipients() {
        RecipientRules rules = new RecipientRules(List.of(
                new RecipientRule(null, null, null, null, 5.0, RecipientOutcome.UNDELIVERABLE, null),
                new RecipientRule(null, null, null, null, 10.0, RecipientOutcome.STOPPED_MARKETING, null)));
        int undeliverable = 0;
        int stopped = 0;
        for (int i = 0; i < 20_000; i++) {
            String waId = "9198" + String.format("%08d", i);
            RecipientOutcome outcome = rules.resolve(waId).outcome();
            assertThat(rules.resolve(waId).outcome()).as("stable per recipient").isEqualTo(outcome);
            if (outcome == RecipientOutcome.UNDELIVERABLE) {
                undeliverable++;
            } else if (outcome == RecipientOutcome.STOPPED_MARKETING) {
                stopped++;
            }
        }
        assertThat(undeliverable).isBetween(800, 1200);   // 5 % of 20,000 = 1,000
        assertThat(stopped).isBetween(1700, 2300);        // 10 % = 2,000
    }

    @Test
    void marketingOptOutMakesTheUserStopped() {
        RecipientRules rules = new RecipientRules(List.of());
        rules.marketingPreference("919812345678", true);
        assertThat(rules.resolve("919812345678").outcome()).isEqualTo(RecipientOutcome.STOPPED_MARKETING);
        rules.marketingPreference("919812345678", false);
        assertThat(rules.resolve("919812345678").outcome()).isEqualTo(RecipientOutcome.READ);
    }

    @Test
    void ruleRejectsNonsense() {
        assertThatThrownBy(() -> new RecipientRule(null, null, null, null, 120.0, RecipientOutcome.READ, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RecipientOutcome.parse("vanished")).isInstanceOf(IllegalArgumentException.class);
        assertThat(RecipientOutcome.parse("STOPPED_MARKETING")).isEqualTo(RecipientOutcome.STOPPED_MARKETING);
    }

    @Test
    void pairRateAllowsABurstOf45ThenOnePerSixSecondsPerRecipient() {
        PairRateLimiter limiter = new PairRateLimiter(PairRateLimiter.Settings.META, now::get);
        for (int i = 0; i < 45; i++) {
            assertThat(limiter.tryAcquire("p1", "919800000001")).as("message %d", i + 1).isTrue();
        }
        assertThat(limiter.tryAcquire("p1", "919800000001")).isFalse();
        assertThat(limiter.tryAcquire("p1", "919800000002")).as("another recipient").isTrue();
        assertThat(limiter.tryAcquire("p2", "919800000001")).as("another business number").isTrue();
        now.addAndGet(5_900 * MS);
        assertThat(limiter.tryAcquire("p1", "919800000001")).isFalse();
        now.addAndGet(200 * MS);
        assertThat(limiter.tryAcquire("p1", "919800000001")).isTrue();
        assertThat(limiter.tryAcquire("p1", "919800000001")).isFalse();
        now.addAndGet(600_000 * MS);
        assertThat(limiter.sweep()).as("refilled pairs are forgotten").isZero();
        limiter.change(new PairRateLimiter.Settings(false, Duration.ofSeconds(6), 45));
        for (int i = 0; i < 100; i++) {
            assertThat(limiter.tryAcquire("p1", "919800000001")).isTrue();
        }
    }

    @Test
    void eachPhoneNumberHasItsOwnThroughputLimit() {
        ThroughputLimiter limiter = new ThroughputLimiter(ThroughputLimiter.Limits.of(80, null),
                Map.of("slow", ThroughputLimiter.Limits.of(1, 1.0)), now::get);
        assertThat(limiter.tryAcquire("slow")).isTrue();
        assertThat(limiter.tryAcquire("slow")).isFalse();
        for (int i = 0; i < 80; i++) {
            assertThat(limiter.tryAcquire("default")).isTrue();
        }
        assertThat(limiter.tryAcquire("default")).isFalse();
        limiter.changeNumber("fast", ThroughputLimiter.Limits.of(1000, null));
        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.tryAcquire("fast")).isTrue();
        }
        assertThat(limiter.tryAcquire("fast")).isFalse();
        assertThat(limiter.limitsOf("slow").rate()).isEqualTo(1.0);
    }

    @Test
    void faultPlanDrawsSharesAndLogNormalLatency() {
        SplittableRandom random = new SplittableRandom(42);
        FaultPlan plan = new FaultPlan(0.2, 0.1, 0.05, Duration.ofSeconds(1), Duration.ofMillis(50),
                Duration.ofMillis(400));
        int e500 = 0;
        int e503 = 0;
        int timeouts = 0;
        long[] latencies = new long[20_000];
        for (int i = 0; i < latencies.length; i++) {
            CloudApiError error = plan.drawServerError(random);
            if (error != null && error.httpStatus() == 500) {
                e500++;
                assertThat(error.code()).isEqualTo(131000);
            } else if (error != null) {
                e503++;
                assertThat(error.code()).isEqualTo(131016);
            }
            timeouts += plan.drawTimeout(random) ? 1 : 0;
            latencies[i] = plan.drawLatencyMillis(random);
        }
        assertThat(e500).isBetween(3600, 4400);
        assertThat(e503).isBetween(1700, 2300);
        assertThat(timeouts).isBetween(800, 1200);
        java.util.Arrays.sort(latencies);
        assertThat(latencies[latencies.length / 2]).isBetween(45L, 55L);
        assertThat(latencies[latencies.length * 99 / 100]).isBetween(330L, 480L);
        assertThat(new FaultPlan(0, 0, 0, Duration.ZERO, Duration.ofMillis(20), null).drawLatencyMillis(random))
                .isEqualTo(20);
        assertThatThrownBy(() -> new FaultPlan(0.7, 0.7, 0, Duration.ZERO, Duration.ZERO, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void accountStatesFailEverySendWithMetasCodes() {
        assertThat(AccountState.parse("ok").error()).isEmpty();
        assertThat(AccountState.parse("368").error().orElseThrow().code()).isEqualTo(368);
        assertThat(AccountState.parse("locked").error().orElseThrow().code()).isEqualTo(131031);
        CloudApiError expired = AccountState.parse("token-expired").error().orElseThrow();
        assertThat(expired.code()).isEqualTo(190);
        assertThat(expired.httpStatus()).isEqualTo(401);
    }

    @Test
    void parameterValuesAreCheckedLikeMeta() {
        assertThat(SentParameter.text("Asha").problem("body")).isNull();
        assertThat(SentParameter.text("").problem("body").code()).isEqualTo(131009);
        CloudApiError newline = SentParameter.text("line\nbreak").problem("body");
        assertThat(newline.code()).isEqualTo(132018);
        assertThat(newline.details())
                .isEqualTo("Param text cannot have new-line/tab characters or more than 4 consecutive spaces");
        assertThat(SentParameter.text("a\tb").problem("body").code()).isEqualTo(132018);
        assertThat(SentParameter.text("a     b").problem("body").code()).isEqualTo(132018);
        assertThat(SentParameter.text("a    b").problem("body")).isNull();
        assertThat(SentParameter.text("a\u0000b").problem("body").code()).isEqualTo(131009);
        assertThat(new SentParameter("image", null, "https://cdn.example/b.jpg", "link", null).problem("header")).isNull();
        assertThat(new SentParameter("image", null, "1234", "id", null).problem("header")).isNull();
        assertThat(new SentParameter("image", null, null, "none", null).problem("header").code()).isEqualTo(131009);
        assertThat(new SentParameter("image", null, "x", "both", null).problem("header").code()).isEqualTo(131009);
        assertThat(new SentParameter("image", null, "ftp://x/b.jpg", "link", null).problem("header").code())
                .isEqualTo(131009);
        assertThat(new SentParameter("payload", null, "STOP", null, null).problem("button")).isNull();
        assertThat(new SentParameter("currency", null, "₹1", null, "amount_1000").problem("body").code())
                .isEqualTo(131009);
        assertThat(new SentParameter("emoji", null, "x", null, null).problem("body").code()).isEqualTo(131009);
        assertThat(new SentParameter(null, null, "x", null, null).problem("body").code()).isEqualTo(131009);
    }

    @Test
    void countOnlyTemplateCountsParametersPerComponent() {
        TemplateRegistry registry = new TemplateRegistry(List.of(MessageTemplate.ofCounts("1", "diwali_offer", "en",
                TemplateCategory.MARKETING, 1, 2, 1, TemplateStatus.APPROVED)));
        assertThat(registry.check(send("diwali_offer", 1, 2, 1))).isInstanceOf(TemplateRegistry.Checked.Valid.class);
        assertThat(error(registry.check(send("diwali_offer", 0, 2, 1))).details()).startsWith("header:");
        assertThat(error(registry.check(send("diwali_offer", 1, 1, 1))).details()).startsWith("body:");
        assertThat(error(registry.check(send("diwali_offer", 1, 2, 0))).code()).isEqualTo(132000);
    }

    static CloudApiError error(TemplateRegistry.Checked checked) {
        assertThat(checked).isInstanceOf(TemplateRegistry.Checked.Invalid.class);
        return ((TemplateRegistry.Checked.Invalid) checked).error();
    }

    private static TemplateSend send(String name, int header, int body, int button) {
        List<SentComponent> components = new java.util.ArrayList<>();
        if (header > 0) {
            components.add(SentComponent.header(SentParameter.text("Asha")));
        }
        List<SentParameter> bodyParameters = new java.util.ArrayList<>();
        for (int i = 0; i < body; i++) {
            bodyParameters.add(SentParameter.text("v" + i));
        }
        components.add(new SentComponent("body", null, null, bodyParameters, List.of()));
        for (int i = 0; i < button; i++) {
            components.add(SentComponent.button("url", i, SentParameter.text("abc")));
        }
        return new TemplateSend("whatsapp", "individual", "919812345678", "template", name, "en", null, components,
                null, null);
    }
}
