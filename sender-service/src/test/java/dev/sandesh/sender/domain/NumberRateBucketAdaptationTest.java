package dev.sandesh.sender.domain;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** AIMD on 130429, pauses on 131057, tiers, and the leased share a bucket paces at. */
class NumberRateBucketAdaptationTest {

    private final FakeClock clock = new FakeClock();

    @Test
    void aThrottleHalvesTheRateWhichThenRecoversAdditivelyUpToTheConfiguredOne() {
        var pacer = new NumberRateBucket(80, 4, clock); // +4 msg/s per second

        assertThat(pacer.throttle()).isTrue();
        assertThat(pacer.currentRate()).isEqualTo(40.0);
        assertThat(pacer.interval()).isEqualTo(Duration.ofMillis(25));
        clock.advance(Duration.ofSeconds(5));
        assertThat(pacer.currentRate()).isCloseTo(60.0, within(0.001));
        clock.advance(Duration.ofSeconds(5));
        assertThat(pacer.currentRate()).isEqualTo(80.0);
        clock.advance(Duration.ofSeconds(60));
        assertThat(pacer.currentRate()).isEqualTo(80.0);
    }

    @Test
    void throttlesWithinOneSecondCountOnceSoInFlightRejectionsDoNotCollapseTheRate() {
        var pacer = new NumberRateBucket(80, 4, clock);

        assertThat(pacer.throttle()).isTrue();
        clock.advance(Duration.ofMillis(300));
        assertThat(pacer.throttle()).isFalse();
        assertThat(pacer.currentRate()).isCloseTo(41.2, within(0.001));
        clock.advance(Duration.ofMillis(700));
        assertThat(pacer.throttle()).isTrue();
        assertThat(pacer.currentRate()).isCloseTo(22.0, within(0.001));
    }

    @Test
    void repeatedStormsNeverStopTheNumber() {
        var pacer = new NumberRateBucket(80, 4, clock);
        for (int i = 0; i < 20; i++) {
            pacer.throttle();
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(pacer.currentRate()).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void slotsAfterAThrottleAreSpacedAtTheLowerRate() {
        var pacer = new NumberRateBucket(100, 0.0001, Duration.ofMillis(10), clock);
        assertThat(pacer.tryAcquire()).isZero();
        pacer.throttle(); // 50/s: 20 ms apart
        assertThat(pacer.tryAcquire()).isEqualTo(Duration.ofMillis(20));
        clock.advance(Duration.ofMillis(20));
        assertThat(pacer.tryAcquire()).isZero();
        assertThat(pacer.tryAcquire()).isCloseTo(Duration.ofMillis(20), Duration.ofNanos(1_000));
    }

    @Test
    void aThrottleEmptiesTheBucketAndShrinksIt() {
        var pacer = new NumberRateBucket(1_000, 0.0001, Duration.ofMillis(10), clock);
        for (int i = 0; i < 10; i++) {
            assertThat(pacer.tryAcquire()).isZero();
        }
        assertThat(pacer.capacity()).isEqualTo(10);
        pacer.throttle(); // 500/s: 2 ms apart, five slots held at most

        assertThat(pacer.capacity()).isEqualTo(5);
        assertThat(pacer.tryAcquire()).isEqualTo(Duration.ofMillis(2));
        clock.advance(Duration.ofSeconds(5));
        int burst = 0;
        while (pacer.tryAcquire().isZero()) {
            burst++;
        }
        assertThat(burst).isEqualTo(5);
    }

    @Test
    void aPauseGrantsNothingUntilItIsOverThenResumesWithoutABurst() {
        var pacer = new NumberRateBucket(80, 4, Duration.ofMillis(10), clock); // one slot: no burst at all
        pacer.pause(Duration.ofSeconds(60));

        assertThat(pacer.tryAcquire()).isEqualTo(Duration.ofSeconds(60));
        clock.advance(Duration.ofSeconds(60));
        assertThat(pacer.tryAcquire()).isZero();
        assertThat(pacer.tryAcquire()).isEqualTo(Duration.ofNanos(12_500_000));
    }

    @Test
    void anUnlimitedNumberIsNotThrottledButIsPaused() {
        var pacer = new NumberRateBucket(0, clock);
        assertThat(pacer.throttle()).isFalse();
        assertThat(pacer.tryAcquire()).isZero();
        pacer.pause(Duration.ofSeconds(1));
        assertThat(pacer.tryAcquire()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void numbersHaveTheirOwnTierAndLeasedBucketsStartWithoutAShare() {
        var pacers = new RateBucketsByNumber(80, Map.of("fast", 1000.0), 0.05, Duration.ofMillis(50), true, clock);

        assertThat(pacers.rateOf("default")).isEqualTo(80.0);
        assertThat(pacers.forNumber("fast").maxRate()).isEqualTo(1000.0);
        assertThat(pacers.forNumber("fast")).isSameAs(pacers.forNumber("fast"));
        assertThat(pacers.forNumber("fast").hasShare()).isFalse();
        assertThat(pacers.forNumber("fast").tryAcquire()).isEqualTo(NumberRateBucket.NO_SHARE_RECHECK);
        assertThat(new RateBucketsByNumber(80, clock).forNumber("default").currentRate()).as("unleased: the configured rate").isEqualTo(80.0);
    }

    @Test
    void aGrantedSharePacesUntilItsDeadlineAndNothingAfter() {
        var pacer = new NumberRateBucket(1_000, 50, Duration.ofMillis(10), clock);
        pacer.withdrawShare();
        pacer.grant(250, clock.instant(), clock.instant().plusSeconds(5));

        assertThat(pacer.currentRate()).isEqualTo(250.0);
        assertThat(pacer.tryAcquire()).isZero();
        assertThat(pacer.tryAcquire()).as("4 ms apart at 250/s, two slots held at most").isZero();
        assertThat(pacer.tryAcquire()).isEqualTo(Duration.ofMillis(4));
        clock.advance(Duration.ofMillis(4_999));
        assertThat(pacer.tryAcquire()).isZero();
        clock.advance(Duration.ofMillis(1));
        assertThat(pacer.hasShare()).isFalse();
        assertThat(pacer.tryAcquire()).as("its lease may have been given to another pod").isEqualTo(NumberRateBucket.NO_SHARE_RECHECK);
        assertThat(pacer.currentRate()).isZero();
    }

    @Test
    void aShareIsLoweredAtOnceAndNeverAboveTheConfiguredRate() {
        var pacer = new NumberRateBucket(1_000, 50, Duration.ofMillis(10), clock);
        pacer.grant(5_000, clock.instant(), clock.instant().plusSeconds(5));
        assertThat(pacer.share()).isEqualTo(1_000.0);

        pacer.lowerShare(400);
        assertThat(pacer.share()).isEqualTo(400.0);
        pacer.lowerShare(600);
        assertThat(pacer.share()).as("lowering never raises").isEqualTo(400.0);
        pacer.lowerShare(0);
        assertThat(pacer.hasShare()).isFalse();
    }

    @Test
    void aThrottleHalvesTheShareAndAGrantDecidedAfterItReplacesItButNotOneDecidedBefore() {
        var pacer = new NumberRateBucket(1_000, 50, Duration.ofMillis(10), clock);
        Instant before = clock.instant();
        pacer.grant(500, before, before.plusSeconds(5));
        clock.advance(Duration.ofMillis(10));
        assertThat(pacer.throttle()).isTrue();
        assertThat(pacer.currentRate()).isEqualTo(250.0);

        // A renewal that started before the 130429 did not halve the shared rate yet: the throttle stays.
        pacer.grant(500, before, before.plusSeconds(5));
        assertThat(pacer.currentRate()).isEqualTo(250.0);
        // One that started after it carries the halved shared rate: the local throttle is done.
        clock.advance(Duration.ofMillis(10));
        pacer.grant(260, clock.instant(), clock.instant().plusSeconds(5));
        assertThat(pacer.currentRate()).isEqualTo(260.0);
    }

    @Test
    void theGateDefersPausedAndCancelledCampaignsAndHaltsHaltedOnes() {
        var gate = new CampaignGate();
        UUID campaign = UUID.randomUUID();
        var t0 = clock.instant();

        assertThat(gate.verdict(campaign, "n1")).isInstanceOf(CampaignGate.Verdict.Send.class);
        gate.apply(campaign, new CampaignGate.CampaignStatus(CampaignGate.CampaignState.PAUSED, "operator", t0));
        assertThat(gate.verdict(campaign, "n1")).isEqualTo(new CampaignGate.Verdict.Defer("campaign paused: operator"));
        // An older RESUME arriving late does not lift a newer PAUSE.
        assertThat(gate.apply(campaign, new CampaignGate.CampaignStatus(CampaignGate.CampaignState.RUNNING, null, t0.minusSeconds(1)))).isFalse();
        assertThat(gate.verdict(campaign, "n1")).isInstanceOf(CampaignGate.Verdict.Defer.class);
        gate.apply(campaign, new CampaignGate.CampaignStatus(CampaignGate.CampaignState.RUNNING, null, t0.plusSeconds(1)));
        assertThat(gate.verdict(campaign, "n1")).isInstanceOf(CampaignGate.Verdict.Send.class);
        gate.apply(campaign, new CampaignGate.CampaignStatus(CampaignGate.CampaignState.CANCELLED, null, t0.plusSeconds(2)));
        // Cancelled is final.
        assertThat(gate.apply(campaign, new CampaignGate.CampaignStatus(CampaignGate.CampaignState.RUNNING, null, t0.plusSeconds(3)))).isFalse();
        assertThat(gate.verdict(campaign, "n1")).isEqualTo(new CampaignGate.Verdict.Defer("campaign cancelled"));

        UUID other = UUID.randomUUID();
        gate.haltNumber("n1", "number halted: auth");
        assertThat(gate.verdict(other, "n1")).isEqualTo(new CampaignGate.Verdict.Halt("number halted: auth"));
        assertThat(gate.verdict(other, "n2")).isInstanceOf(CampaignGate.Verdict.Send.class);
        gate.liftNumber("n1");
        assertThat(gate.verdict(other, "n1")).isInstanceOf(CampaignGate.Verdict.Send.class);
    }
}
