package dev.sandesh.simulator.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhookRulesTest {

    @Test
    void signatureIsHexHmacSha256OfTheRawBodyWithTheAppSecret() {
        // Expected value computed independently (Python hmac) for this body and key.
        String body = "{\"object\":\"whatsapp_business_account\"}";
        assertThat(new WebhookSignature("sim-app-secret").sign(body.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha256=15bb0dd6bed7430ebf80f1f2581897031c0b34a2d50212eeca88aaef33534179");
    }

    @Test
    void backoffDoublesFromInitialUpToTheCap() {
        RetryBackoff backoff = new RetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 20);
        assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofMillis(400));
        assertThat(backoff.delayAfter(5)).isEqualTo(Duration.ofMillis(3200));
        assertThat(backoff.delayAfter(6)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.delayAfter(19)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.mayRetry(19)).isTrue();
        assertThat(backoff.mayRetry(20)).isFalse();
    }

    @Test
    void undeliverableSuffixesMatchTheEndOfTheDigits() {
        RecipientRules rules = new RecipientRules(RecipientRules.undeliverableSuffixes(List.of("0000", " 99 ", "")));
        assertThat(rules.undeliverable("919812340000")).isTrue();
        assertThat(rules.undeliverable("919812345699")).isTrue();
        assertThat(rules.undeliverable("919812345678")).isFalse();
        assertThat(new RecipientRules(List.of()).undeliverable("919812340000")).isFalse();
    }

    @Test
    void wamidsAreUniqueAndShapedLikeMetas() {
        WamidGenerator generator = new WamidGenerator();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = generator.next();
            assertThat(id).startsWith("wamid.");
            assertThat(seen.add(id)).isTrue();
        }
    }

    @Test
    void auditCountsDuplicatesPerRecipient() {
        SendAudit audit = new SendAudit();
        audit.accepted("1");
        audit.accepted("2");
        audit.accepted("2");
        audit.accepted("3");
        audit.accepted("3");
        audit.accepted("3");
        SendAudit.RecipientSummary summary = audit.recipients(1);
        assertThat(audit.acceptedTotal()).isEqualTo(6);
        assertThat(summary.distinct()).isEqualTo(3);
        assertThat(summary.duplicated()).isEqualTo(2);
        assertThat(summary.duplicates()).containsExactly(new SendAudit.RecipientCount("3", 3));
        assertThat(summary.duplicatesTruncated()).isTrue();
        audit.reset();
        assertThat(audit.recipients(10).distinct()).isZero();
    }
}
