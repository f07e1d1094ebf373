package dev.sandesh.sender.domain;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

class EarlyHaltTest {

    private static final CloudApiError PARAMS = CloudApiError.classify(132000, 400, "Number of parameters does not match");
    private static final CloudApiError BAD = CloudApiError.classify(131008, 400, "Required parameter is missing");
    private static final CloudApiError WRONG_VERSION = CloudApiError.classify(2500, 400, "Unknown path components");

    private final EarlyHalt rule = new EarlyHalt(3);
    private final UUID campaign = UUID.randomUUID();

    @Test
    void theFirstSendsAllFailingAlikeHaltTheCampaignAndNobodyElseIsLetThrough() {
        for (int i = 0; i < 3; i++) {
            assertThat(now(rule.admit(campaign))).isInstanceOf(EarlyHalt.Admission.Send.class);
        }
        CompletionStage<EarlyHalt.Admission> fourth = rule.admit(campaign);
        assertThat(fourth.toCompletableFuture().isDone()).as("waits for the decision").isFalse();

        assertThat(rule.record(campaign, new EarlyHalt.Sent.Refused(BAD))).isEmpty();
        assertThat(rule.record(campaign, new EarlyHalt.Sent.Refused(BAD))).isEmpty();
        Optional<EarlyHalt.Halt> halt = rule.record(campaign, new EarlyHalt.Sent.Refused(BAD));

        assertThat(halt).isPresent();
        assertThat(halt.get().error().code()).isEqualTo(131008);
        assertThat(halt.get().reason()).contains("first 3 sends").contains("131008").contains("Required parameter is missing");
        assertThat(now(fourth)).isEqualTo(new EarlyHalt.Admission.Halted(halt.get().reason()));
        assertThat(now(rule.admit(campaign))).isEqualTo(new EarlyHalt.Admission.Halted(halt.get().reason()));
        assertThat(rule.watching()).isZero();
    }

    @Test
    void anUnrecognisedCodeSuchAsAWrongApiVersionCountsAsARequestError() {
        assertThat(EarlyHalt.requestClass(WRONG_VERSION)).isTrue();
        assertThat(EarlyHalt.requestClass(PARAMS)).isTrue();
        assertThat(EarlyHalt.requestClass(CloudApiError.classify(132018, 400, "whitespace"))).isTrue();
        assertThat(EarlyHalt.requestClass(CloudApiError.classify(131026, 400, "undeliverable"))).isFalse();
        assertThat(EarlyHalt.requestClass(CloudApiError.classify(131000, 500, "something went wrong"))).isFalse();
        for (int i = 0; i < 3; i++) {
            rule.admit(campaign);
        }
        rule.record(campaign, new EarlyHalt.Sent.Refused(WRONG_VERSION));
        rule.record(campaign, new EarlyHalt.Sent.Refused(WRONG_VERSION));
        assertThat(rule.record(campaign, new EarlyHalt.Sent.Refused(WRONG_VERSION))).isPresent();
    }

    @Test
    void aSuccessAmongTheFirstSendsDisarmsItForGoodAndReleasesWhoWaited() {
        for (int i = 0; i < 3; i++) {
            rule.admit(campaign);
        }
        CompletionStage<EarlyHalt.Admission> waiting = rule.admit(campaign);
        rule.record(campaign, new EarlyHalt.Sent.Refused(BAD));
        rule.record(campaign, EarlyHalt.ACCEPTED);

        assertThat(now(waiting)).isInstanceOf(EarlyHalt.Admission.Send.class);
        assertThat(rule.record(campaign, new EarlyHalt.Sent.Refused(BAD))).isEmpty();
        for (int i = 0; i < 10; i++) {
            assertThat(now(rule.admit(campaign))).isInstanceOf(EarlyHalt.Admission.Send.class);
            assertThat(rule.record(campaign, new EarlyHalt.Sent.Refused(BAD))).isEmpty();
        }
        assertThat(rule.watching()).isZero();
    }

    @Test
    void differentErrorsATimeoutOrARecipientErrorDisarmIt() {
        for (EarlyHalt.Sent other : List.of(new EarlyHalt.Sent.Refused(PARAMS), EarlyHalt.UNANSWERED,
                new EarlyHalt.Sent.Refused(CloudApiError.classify(131026, 400, "undeliverable")))) {
            UUID c = UUID.randomUUID();
            for (int i = 0; i < 3; i++) {
                rule.admit(c);
            }
            rule.record(c, new EarlyHalt.Sent.Refused(BAD));
            rule.record(c, other);
            assertThat(rule.record(c, new EarlyHalt.Sent.Refused(BAD))).as("after %s", other).isEmpty();
            assertThat(now(rule.admit(c))).isInstanceOf(EarlyHalt.Admission.Send.class);
        }
    }

    @Test
    void aRecipientNeverSentGivesItsPlaceToOneThatWaits() {
        for (int i = 0; i < 3; i++) {
            rule.admit(campaign);
        }
        CompletionStage<EarlyHalt.Admission> waiting = rule.admit(campaign);
        rule.record(campaign, EarlyHalt.NOT_SENT);
        assertThat(now(waiting)).isInstanceOf(EarlyHalt.Admission.Send.class);
        // Still armed: the three in flight now are the two left and the one let in.
        rule.record(campaign, new EarlyHalt.Sent.Refused(BAD));
        rule.record(campaign, new EarlyHalt.Sent.Refused(BAD));
        assertThat(rule.record(campaign, new EarlyHalt.Sent.Refused(BAD))).isPresent();
    }

    @Test
    void campaignsAreIndependentAndZeroSwitchesItOff() {
        UUID other = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            rule.admit(campaign);
            rule.record(campaign, new EarlyHalt.Sent.Refused(BAD));
        }
        assertThat(now(rule.admit(other))).isInstanceOf(EarlyHalt.Admission.Send.class);

        EarlyHalt off = new EarlyHalt(0);
        for (int i = 0; i < 100; i++) {
            assertThat(now(off.admit(campaign))).isInstanceOf(EarlyHalt.Admission.Send.class);
            assertThat(off.record(campaign, new EarlyHalt.Sent.Refused(BAD))).isEmpty();
        }
    }

    @Test
    void memoryIsBoundedTheOldestWatchedCampaignIsDisarmedToMakeRoom() {
        EarlyHalt one = new EarlyHalt(1);
        UUID first = UUID.randomUUID();
        one.admit(first);
        CompletionStage<EarlyHalt.Admission> waitingOnFirst = one.admit(first);
        List<UUID> others = new ArrayList<>();
        for (int i = 0; i < EarlyHalt.MAX_WATCHED; i++) {
            UUID c = UUID.randomUUID();
            others.add(c);
            one.admit(c);
        }
        assertThat(one.watching()).isEqualTo(EarlyHalt.MAX_WATCHED);
        assertThat(now(waitingOnFirst)).isInstanceOf(EarlyHalt.Admission.Send.class);
        assertThat(one.record(first, new EarlyHalt.Sent.Refused(BAD))).isEmpty();
    }

    @Test
    void concurrentSendsNeverLetMoreThanTheFirstNThroughBeforeTheDecision() throws Exception {
        EarlyHalt twenty = new EarlyHalt(20);
        List<CompletableFuture<EarlyHalt.Admission>> admissions = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    CompletableFuture<EarlyHalt.Admission> a = twenty.admit(campaign).toCompletableFuture();
                    synchronized (admissions) {
                        admissions.add(a);
                    }
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(admissions).hasSize(200);
        assertThat(admissions.stream().filter(CompletableFuture::isDone)).hasSize(20);
        for (int i = 0; i < 20; i++) {
            twenty.record(campaign, new EarlyHalt.Sent.Refused(PARAMS));
        }
        assertThat(admissions).allSatisfy(a -> assertThat(a).isDone());
        assertThat(admissions.stream().map(CompletableFuture::join).filter(a -> a instanceof EarlyHalt.Admission.Halted)).hasSize(180);
    }

    private static EarlyHalt.Admission now(CompletionStage<EarlyHalt.Admission> admission) {
        CompletableFuture<EarlyHalt.Admission> f = admission.toCompletableFuture();
        assertThat(f).isDone();
        return f.join();
    }
}
