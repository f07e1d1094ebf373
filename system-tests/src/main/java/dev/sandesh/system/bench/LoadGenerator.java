package dev.sandesh.system.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A bare load generator: a closed loop of {@code concurrency} template sends in flight against a
 * Cloud API messages endpoint (the simulator's), each completion starting the next, each send to a
 * new recipient (JDK HttpClient, HTTP/1.1). The baseline the benchmarks compare Sandesh with.
 */
final class LoadGenerator {

    /** One run: sends answered 200 and otherwise, over how long, and the answers' latency percentiles. */
    record Result(long ok, long failed, double seconds, long p50Micros, long p99Micros) {
        double rate() {
            return ok / seconds;
        }
    }

    private static final int MAX_LATENCIES = 1_000_000;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI messages;
    private final String accessToken;
    private final int concurrency;
    private final AtomicLong recipients;

    /**
     * @param messages       {@code .../v23.0/<phone-number-id>/messages}
     * @param firstRecipient recipients are this number and the ones after it
     */
    LoadGenerator(URI messages, String accessToken, int concurrency, long firstRecipient) {
        this.messages = messages;
        this.accessToken = accessToken;
        this.concurrency = concurrency;
        this.recipients = new AtomicLong(firstRecipient);
    }

    /** Sends until {@code sends} were accepted; the rate is over the time that took. */
    Result untilAccepted(long sends) throws InterruptedException {
        Run run = new Run();
        while (run.ok.sum() < sends) {
            Thread.sleep(2);
        }
        return run.stop();
    }

    /** Sends for {@code duration}. */
    Result forDuration(Duration duration) throws InterruptedException {
        Run run = new Run();
        Thread.sleep(duration.toMillis());
        return run.stop();
    }

    /** The loops of one run; answers that come after {@link #stop()} are not counted. */
    private final class Run {
        private final LongAdder ok = new LongAdder();
        private final LongAdder failed = new LongAdder();
        private final long[] latencies = new long[MAX_LATENCIES];
        private final AtomicLong latencyCount = new AtomicLong();
        private final AtomicBoolean stopping = new AtomicBoolean();
        private final CountDownLatch finished = new CountDownLatch(concurrency);
        private final long started = System.nanoTime();

        Run() {
            for (int i = 0; i < concurrency; i++) {
                send();
            }
        }

        Result stop() throws InterruptedException {
            stopping.set(true);
            double seconds = (System.nanoTime() - started) / 1e9;
            long accepted = ok.sum();
            long refused = failed.sum();
            int n = (int) Math.min(latencyCount.get(), latencies.length);
            if (!finished.await(30, TimeUnit.SECONDS)) {
                System.err.println("some sends did not finish within 30 s of the end");
            }
            long[] sorted = Arrays.copyOf(latencies, n);
            Arrays.sort(sorted);
            return new Result(accepted, refused, seconds, n == 0 ? 0 : sorted[n / 2] / 1000,
                    n == 0 ? 0 : sorted[Math.min(n - 1, (int) (n * 0.99))] / 1000);
        }

        private void send() {
            if (stopping.get()) {
                finished.countDown();
                return;
            }
            String body = """
                    {"messaging_product":"whatsapp","recipient_type":"individual","to":"%d","type":"template",
                     "template":{"name":"sandesh_demo","language":{"code":"en"},
                       "components":[{"type":"body","parameters":[{"type":"text","text":"Asha"}]}]}}"""
                    .formatted(recipients.incrementAndGet());
            HttpRequest request = HttpRequest.newBuilder(messages).timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + accessToken).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            long sent = System.nanoTime();
            http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                if (!stopping.get()) {
                    if (error == null && response.statusCode() == 200) {
                        ok.increment();
                    } else {
                        failed.increment();
                    }
                    long index = latencyCount.getAndIncrement();
                    if (index < latencies.length) {
                        latencies[(int) index] = System.nanoTime() - sent;
                    }
                }
                send();
            });
        }
    }
}
