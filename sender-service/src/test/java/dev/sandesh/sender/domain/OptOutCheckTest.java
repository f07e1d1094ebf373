package dev.sandesh.sender.domain;

import dev.sandesh.contracts.OptOut;
import dev.sandesh.contracts.SendBatch;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OptOutCheckTest {

    private static final SendBatch.Recipient ASHA = new SendBatch.Recipient(0, "+919800000001", "IN", List.of());
    private static final SendBatch.Recipient RAVI = new SendBatch.Recipient(1, "+919800000002", "IN", List.of());

    @Test
    void aMarketingTemplateIsBlockedByMarketingAndAllOptOuts() {
        assertThat(OptOutCheck.blockingScopes("marketing")).containsExactly(OptOut.Scope.MARKETING, OptOut.Scope.ALL);
    }

    @Test
    void utilityAndAuthenticationTemplatesAreBlockedOnlyByAllOptOuts() {
        assertThat(OptOutCheck.blockingScopes("utility")).containsExactly(OptOut.Scope.ALL);
        assertThat(OptOutCheck.blockingScopes("AUTHENTICATION")).containsExactly(OptOut.Scope.ALL);
    }

    @Test
    void anOptedOutRecipientIsFailedWithTheLocalCodeAndTheOthersAreSent() {
        List<SendBatch.Recipient> claimed = List.of(ASHA, RAVI);
        Set<String> optedOut = Set.of("+919800000002");

        assertThat(OptOutCheck.toSend(claimed, optedOut)).containsExactly(ASHA);
        List<SendResult> notSent = OptOutCheck.notSent(claimed, optedOut);
        assertThat(notSent).singleElement().satisfies(r -> {
            assertThat(r.sequence()).isEqualTo(1);
            assertThat(r.state()).isEqualTo(LedgerState.FAILED);
            assertThat(r.errorCode()).isEqualTo(-5);
            assertThat(r.attempts()).isZero();
        });
    }

    @Test
    void withNoOptOutsEveryoneIsSent() {
        assertThat(OptOutCheck.toSend(List.of(ASHA, RAVI), Set.of())).containsExactly(ASHA, RAVI);
        assertThat(OptOutCheck.notSent(List.of(ASHA, RAVI), Set.of())).isEmpty();
    }
}
