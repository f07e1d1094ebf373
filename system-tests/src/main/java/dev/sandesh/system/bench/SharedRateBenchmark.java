package dev.sandesh.system.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandesh.system.CampaignProgress;
import dev.sandesh.system.DemoAudience;
import dev.sandesh.system.LocalStack;
import dev.sandesh.system.SandeshClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Several sender-service processes sharing a number's rate through their leases
 * ({@code sender.rate_lease}, sender-service REFERENCE.md "Several pods"), against the simulator,
 * whose per-number meter answers 130429 to anything above the limit. One stack, three senders:
 *
 * <ol>
 *   <li><b>three senders, one number at 1,000/s</b>: a {@value #STEADY}-recipient campaign, from its
 *       first send to its last (counted at the simulator's audit): combined achieved ÷ limit, 130429s;</li>
 *   <li><b>one killed</b>: a {@value #KILLED}-recipient campaign; {@value #KILL_AFTER_SECONDS} s into
 *       its sending one sender is killed with SIGKILL (no lease released). Reported: the time from
 *       the kill until the combined rate is back, i.e. the start of the first one-second window,
 *       wholly after the kill, with at least 97 % of the limit (the killed sender's share comes back
 *       when its lease expires: ttl 5 s after its last renewal); the lowest one-second rate after
 *       the kill; the rate over the whole campaign (first send to last; the recipients the killed
 *       sender had claimed and not finished are UNKNOWN, not sent again, so it counts sends, not
 *       recipients); 130429s;</li>
 *   <li><b>two numbers at 1,000/s each, the two remaining senders</b>: one {@value #TWO_NUMBERS}-
 *       recipient campaign per number, started together: the combined rate at the simulator ÷ 2,000,
 *       each number's rate from the sender's ledger (its accepted rows ÷ from the first claim to the
 *       last result written: a little under the true rate), 130429s.</li>
 * </ol>
 *
 * A warm-up campaign of {@value #WARM_UP} recipients runs first on the JVMs just started. Samples
 * the simulator's audit every {@value #SAMPLE_MILLIS} ms. The load average before and after is in
 * the results: the machine is shared.
 *
 * <p>Run: {@code deploy/local/bench.sh shared-rate}. Prints one line and writes
 * {@code system-tests/results/shared-rate.json}.
 */
public final class SharedRateBenchmark {

    private static final int LIMIT = 1_000;
    private static final int WARM_UP = 20_000;
    private static final int STEADY = 60_000;
    private static final int KILLED = 100_000;
    private static final int TWO_NUMBERS = 60_000;
    private static final int KILL_AFTER_SECONDS = 30;
    private static final int SAMPLE_MILLIS = 200;
    private static final double TARGET = 0.97;
    /** The simulator's second number for the two-number run (the first is {@link LocalStack#PHONE_NUMBER_ID}). */
    private static final String SECOND_NUMBER = LocalStack.SECOND_PHONE_NUMBER_ID;

    private SharedRateBenchmark() {
    }

    /** One sample of the simulator's audit: when (System.nanoTime) and how many sends it had accepted. */
    record Sample(long nanos, long accepted) {
    }

    /** A campaign's sending: its samples from the start call to the end, first and last send. */
    record Sending(List<Sample> samples, long firstNanos, long lastNanos, long sends) {
        double seconds() {
            return (lastNanos - firstNanos) / 1e9;
        }

        double rate() {
            return sends / seconds();
        }

        /** Sends in {@code [from, from + 1 s]}, interpolated between samples; NaN past the end. */
        double rateOfSecondFrom(long from) {
            long to = from + TimeUnit.SECONDS.toNanos(1);
            if (to > lastNanos) {
                return Double.NaN;
            }
            return (countAt(to) - countAt(from)) / ((to - from) / 1e9);
        }

        double countAt(long nanos) {
            Sample before = samples.get(0);
            for (Sample s : samples) {
                if (s.nanos() >= nanos) {
                    if (s.nanos() == before.nanos()) {
                        return s.accepted();
                    }
                    double f = (double) (nanos - before.nanos()) / (s.nanos() - before.nanos());
                    return before.accepted() + f * (s.accepted() - before.accepted());
                }
                before = s;
            }
            return before.accepted();
        }
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("sandesh.repo.root", ".")).toAbsolutePath().normalize();
        if (!Files.isDirectory(root.resolve("system-tests"))) {
            root = root.getParent();
        }
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).strip();
        String database = System.getProperty("sandesh.bench.database", "sandesh_bench");
        String vhost = System.getProperty("sandesh.bench.vhost", "sandesh-systest");
        ObjectNode json = SandeshClient.json().createObjectNode();
        String line;
        try (LocalStack stack = new LocalStack(new LocalStack.Options(root, database, true, vhost, false, LIMIT, 1_000,
                root.resolve("system-tests/target/stack-logs/shared-rate")))) {
            stack.start(Duration.ofSeconds(180));
            int second = stack.addSender(Duration.ofSeconds(180));
            int third = stack.addSender(Duration.ofSeconds(180));
            SandeshClient client = new SandeshClient(stack);
            client.resetSimulatorAudit();

            Sending warmUp = send(client, List.of(draft(client, "warm-up", WARM_UP, LocalStack.PHONE_NUMBER_ID, 7)), null);
            awaitQuiet(client);

            long rejectionsBefore = rejections130429(client);
            Sending steady = send(client, List.of(draft(client, "shared rate, three senders", STEADY, LocalStack.PHONE_NUMBER_ID, 42)), null);
            long steadyRejections = rejections130429(client) - rejectionsBefore;
            awaitQuiet(client);

            rejectionsBefore = rejections130429(client);
            long[] killedAt = new long[1];
            Sending killed = send(client, List.of(draft(client, "shared rate, one sender killed", KILLED, LocalStack.PHONE_NUMBER_ID, 43)),
                    firstSend -> {
                        if (killedAt[0] == 0 && System.nanoTime() - firstSend >= TimeUnit.SECONDS.toNanos(KILL_AFTER_SECONDS)) {
                            killedAt[0] = System.nanoTime();
                            stack.killSender(third);
                        }
                    });
            long killedRejections = rejections130429(client) - rejectionsBefore;
            Recovery recovery = recovery(killed, killedAt[0]);
            awaitQuiet(client);

            ObjectNode secondNumber = SandeshClient.json().createObjectNode();
            secondNumber.putObject("numbers").putObject(SECOND_NUMBER).put("rate", LIMIT);
            client.configureSimulator(secondNumber).requireStatus(200);
            rejectionsBefore = rejections130429(client);
            Draft one = draft(client, "shared rate, number 1 of 2", TWO_NUMBERS, LocalStack.PHONE_NUMBER_ID, 44);
            Draft two = draft(client, "shared rate, number 2 of 2", TWO_NUMBERS, SECOND_NUMBER, 45);
            Sending both = send(client, List.of(one, two), null);
            long twoRejections = rejections130429(client) - rejectionsBefore;
            double rateOne = ledgerRate(stack, one.id());
            double rateTwo = ledgerRate(stack, two.id());

            line = String.format(Locale.ROOT, "shared-rate: 3 senders, 1 number at %d/s -> %.1f/s (%.1f %%), %d x 130429; "
                            + "one killed: back to >= 97 %% after %.1f s (lowest second %.0f/s), %.1f/s over the campaign (%.1f %%), %d x 130429; "
                            + "2 senders, 2 numbers at %d/s each -> %.1f/s (%.1f %% of %d; per number %.1f and %.1f/s), %d x 130429; "
                            + "cold %.1f %%",
                    LIMIT, steady.rate(), 100 * steady.rate() / LIMIT, steadyRejections,
                    recovery.seconds(), recovery.lowest(), killed.rate(), 100 * killed.rate() / LIMIT, killedRejections,
                    LIMIT, both.rate(), 100 * both.rate() / (2 * LIMIT), 2 * LIMIT, rateOne, rateTwo, twoRejections,
                    100 * warmUp.rate() / LIMIT);

            json.put("benchmark", "shared-rate");
            json.put("at", Instant.now().toString());
            json.put("cores", Runtime.getRuntime().availableProcessors());
            json.put("limitPerNumber", LIMIT);
            json.put("leases", "sandesh.sender.lease.renew-every 1s, ttl 5s (defaults)");
            run(json.putObject("warmUp"), warmUp, LIMIT).put("recipients", WARM_UP).put("senders", 3);
            ObjectNode s = run(json.putObject("threeSendersOneNumber"), steady, LIMIT);
            s.put("recipients", STEADY).put("senders", 3).put("rejections130429", steadyRejections);
            ObjectNode k = run(json.putObject("oneSenderKilled"), killed, LIMIT);
            k.put("recipients", KILLED).put("senders", "3, then 2");
            k.put("killedAfterSeconds", round((killedAt[0] - killed.firstNanos()) / 1e9));
            if (Double.isNaN(recovery.seconds())) {
                k.putNull("recoverySeconds"); // never back to 97 % before the campaign ended
            } else {
                k.put("recoverySeconds", round(recovery.seconds()));
            }
            k.put("recoveryDefinition", "from the SIGKILL to the start of the first 1 s window, wholly after it, with >= 97 % of the limit");
            k.put("lowestSecondAfterKill", round(recovery.lowest()));
            k.put("rejections130429", killedRejections);
            ObjectNode t = run(json.putObject("twoSendersTwoNumbers"), both, 2 * LIMIT);
            t.put("recipients", 2 * TWO_NUMBERS).put("senders", 2).put("numbers", 2).put("rejections130429", twoRejections);
            t.put("perNumberFromLedger", "accepted rows / (last finished_at - first claimed_at): slightly under the true rate");
            t.putArray("perNumberPerSecond").add(round(rateOne)).add(round(rateTwo));
            json.put("target", "three senders >= 97 % of 1,000/s with zero 130429; the killed sender's share taken over within 10 s");
        }
        json.put("loadAverageBefore", loadBefore);
        json.put("loadAverageAfter", Files.readString(Path.of("/proc/loadavg")).strip());
        json.put("line", line);
        System.out.println(line);
        Path out = root.resolve("system-tests/results/shared-rate.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, SandeshClient.json().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
    }

    /** The time from the kill to the first full-rate second wholly after it, and the lowest second after the kill. */
    record Recovery(double seconds, double lowest) {
    }

    private static Recovery recovery(Sending sending, long killedAt) {
        if (killedAt == 0) {
            throw new IllegalStateException("the campaign ended before the kill: make it longer");
        }
        double lowest = Double.MAX_VALUE;
        double recoveredAfter = Double.NaN;
        for (long from = killedAt; from + TimeUnit.SECONDS.toNanos(1) <= sending.lastNanos(); from += TimeUnit.MILLISECONDS.toNanos(SAMPLE_MILLIS)) {
            double rate = sending.rateOfSecondFrom(from);
            lowest = Math.min(lowest, rate);
            if (Double.isNaN(recoveredAfter) && rate >= TARGET * LIMIT) {
                recoveredAfter = (from - killedAt) / 1e9;
            }
        }
        return new Recovery(recoveredAfter, lowest);
    }

    private static ObjectNode run(ObjectNode node, Sending sending, int limit) {
        node.put("perSecond", round(sending.rate()));
        node.put("ratio", round(sending.rate() / limit));
        node.put("seconds", round(sending.seconds()));
        node.put("sends", sending.sends());
        return node;
    }

    /** A campaign created as a DRAFT, so that its upload is not part of the sending. */
    private record Draft(String id, int recipients) {
    }

    private static Draft draft(SandeshClient client, String name, int recipients, String phoneNumberId, long seed) throws Exception {
        ObjectNode campaign = DemoAudience.campaign(name, recipients, 0, 0, seed);
        campaign.put("start", false);
        campaign.put("phoneNumberId", phoneNumberId);
        String id = client.createCampaign(campaign).requireStatus(201).body().path("id").asText();
        return new Draft(id, recipients);
    }

    /** Called at each sample while the campaigns send, with the time of their first send. */
    private interface DuringSending {
        void sample(long firstSendNanos) throws Exception;
    }

    /**
     * Starts the campaigns and samples the simulator until every recipient has an outcome (a
     * killed sender's unfinished ones come back UNKNOWN) and no send came for a second.
     */
    private static Sending send(SandeshClient client, List<Draft> campaigns, DuringSending during) throws Exception {
        long base = accepted(client);
        while (base < 0) {
            base = accepted(client);
        }
        for (Draft campaign : campaigns) {
            client.startCampaign(campaign.id()).requireStatus(200);
        }
        long total = campaigns.stream().mapToLong(Draft::recipients).sum();
        List<Sample> samples = new ArrayList<>();
        long first = 0;
        long last = 0;
        long lastCount = base;
        long nextProgress = 0;
        boolean allProcessed = false;
        while (true) {
            Thread.sleep(SAMPLE_MILLIS);
            long now = System.nanoTime();
            long count = accepted(client);
            if (count < 0) {
                continue; // the simulator did not answer in time (a loaded machine): no sample
            }
            samples.add(new Sample(now, count - base));
            if (first == 0 && count > base) {
                first = now;
            }
            if (count > lastCount) {
                last = now;
                lastCount = count;
            }
            if (first != 0 && during != null) {
                during.sample(first);
            }
            if (count - base >= total) {
                break;
            }
            if (now >= nextProgress) {
                nextProgress = now + TimeUnit.SECONDS.toNanos(1);
                long processed = 0;
                for (Draft campaign : campaigns) {
                    processed += CampaignProgress.of(client.campaign(campaign.id()).requireStatus(200).body()).processed();
                }
                allProcessed = processed >= total;
            }
            if (allProcessed && now - last > TimeUnit.SECONDS.toNanos(1)) {
                break;
            }
            if (last != 0 && now - last > TimeUnit.SECONDS.toNanos(60)) {
                throw new IllegalStateException("the campaigns stalled at " + (count - base) + " of " + total
                        + " sends; see system-tests/target/stack-logs/shared-rate");
            }
        }
        // The rate from the first sample that saw a send to the last that saw one more.
        long firstCount = samples.stream().filter(s -> s.accepted() > 0).findFirst().orElseThrow().accepted();
        return new Sending(samples, first, last, lastCount - base - firstCount);
    }

    /** Each number's rate from its campaign's ledger rows: accepted ones over first claim to last result. */
    private static double ledgerRate(LocalStack stack, String campaignId) throws Exception {
        try (var connection = stack.openDatabase();
             PreparedStatement query = connection.prepareStatement("""
                     SELECT count(*) FILTER (WHERE state = 'ACCEPTED'),
                            extract(epoch FROM max(finished_at) - min(claimed_at))
                       FROM sender.send_ledger WHERE campaign_id = ?""")) {
            query.setObject(1, UUID.fromString(campaignId));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1) / rows.getDouble(2);
            }
        }
    }

    /** The simulator's accepted sends, or -1 when its audit did not answer within the client's timeout. */
    private static long accepted(SandeshClient client) throws Exception {
        try {
            return client.simulatorAudit().requireStatus(200).body().path("accepted").asLong();
        } catch (java.net.http.HttpTimeoutException slow) {
            return -1;
        }
    }

    private static long rejections130429(SandeshClient client) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                JsonNode audit = client.simulatorAudit().requireStatus(200).body();
                return audit.path("rejections").path("byCode").path("130429").asLong();
            } catch (java.net.http.HttpTimeoutException slow) {
                if (attempt == 5) {
                    throw slow;
                }
            }
        }
    }

    /** Waits until the simulator has reported every status, so that a run does not start under the last one's backlog. */
    private static void awaitQuiet(SandeshClient client) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            try {
                if (client.simulatorAudit().requireStatus(200).body().path("webhooks").path("statusesAwaiting").asLong() == 0) {
                    break;
                }
            } catch (java.net.http.HttpTimeoutException slow) {
                // a loaded machine: ask again
            }
            Thread.sleep(200);
        }
        Thread.sleep(2_000);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
