package dev.sandesh.simulator.domain;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Infrastructure faults injected into sends, each drawn independently per request:
 * a share of HTTP 500 and 503 answers (the message is NOT accepted), a share of timeouts where
 * the message IS accepted but the answer never comes (the ambiguous case a sender must survive:
 * its retry sends a duplicate), and answer latency, log-normal from a median and a p99.
 *
 * @param serverErrorShare share of sends answered 500 (131000), 0..1
 * @param unavailableShare share of sends answered 503 (131016), 0..1
 * @param timeoutShare     share of accepted sends left unanswered, 0..1
 * @param timeoutHold      how long an unanswered request is held before its connection is closed
 * @param latencyMedian    median answer delay (0 = none)
 * @param latencyP99       99th percentile; null or ≤ median makes the delay fixed at the median
 */
public record FaultPlan(double serverErrorShare, double unavailableShare, double timeoutShare, Duration timeoutHold,
                        Duration latencyMedian, Duration latencyP99) {

    public static final FaultPlan NONE = new FaultPlan(0, 0, 0, Duration.ofSeconds(30), Duration.ZERO, null);

    /** z of the 99th percentile of the standard normal distribution. */
    private static final double Z99 = 2.3263478740408408;

    public FaultPlan {
        share("serverErrorShare", serverErrorShare);
        share("unavailableShare", unavailableShare);
        share("timeoutShare", timeoutShare);
        if (serverErrorShare + unavailableShare > 1.0) {
            throw new IllegalArgumentException("serverErrorShare + unavailableShare must be <= 1");
        }
        if (timeoutHold == null || timeoutHold.isNegative()) {
            throw new IllegalArgumentException("timeoutHold must be >= 0");
        }
        if (latencyMedian == null || latencyMedian.isNegative()) {
            throw new IllegalArgumentException("latencyMedian must be >= 0");
        }
    }

    /** The server error to answer instead of processing the send, or null. */
    public CloudApiError drawServerError(RandomGenerator random) {
        if (serverErrorShare <= 0 && unavailableShare <= 0) {
            return null;
        }
        double u = random.nextDouble();
        if (u < serverErrorShare) {
            return CloudApiError.somethingWentWrong();
        }
        if (u < serverErrorShare + unavailableShare) {
            return CloudApiError.serviceUnavailable();
        }
        return null;
    }

    public boolean drawTimeout(RandomGenerator random) {
        return timeoutShare > 0 && random.nextDouble() < timeoutShare;
    }

    /** Answer delay in milliseconds: fixed at the median, or log-normal through median and p99. */
    public long drawLatencyMillis(RandomGenerator random) {
        long median = latencyMedian.toMillis();
        if (median <= 0) {
            return 0;
        }
        if (latencyP99 == null || latencyP99.toMillis() <= median) {
            return median;
        }
        double sigma = Math.log((double) latencyP99.toMillis() / median) / Z99;
        return Math.round(median * Math.exp(sigma * random.nextGaussian()));
    }

    private static void share(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be within 0..1, was " + value);
        }
    }
}
