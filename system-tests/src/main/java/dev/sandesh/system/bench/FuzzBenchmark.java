package dev.sandesh.system.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandesh.system.DemoAudience;
import dev.sandesh.system.LocalStack;
import dev.sandesh.system.SandeshClient;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Thousands of mutated inputs against the real processes (issue 13 item 8, not in CI): webhook bodies
 * and signatures against webhook-service, campaign requests and CSV and NDJSON uploads against
 * broadcast-service. Asserts that nothing is answered 5xx and that nothing of a refused input is
 * stored (the rows it could have written are counted before and after each refused request; the
 * requests are sent one at a time, so the counts are exact). Then scans every service log of the
 * run for the access token, app secret, verify token, API key and internal secret LocalStack passed.
 * Prints {@code fuzz: N requests, 5xx X, stored-from-rejected Y, secrets-in-logs Z} and writes
 * {@code system-tests/results/fuzz.json}; exits 1 on any failure, each listed with a reproducer.
 *
 * <pre>
 * flock /tmp/sandesh-bench.lock deploy/local/bench.sh fuzz                 # 2,000 of each kind
 * deploy/local/bench.sh fuzz -Dsandesh.fuzz.cases=200 -Dsandesh.fuzz.seed=7
 * </pre>
 */
public final class FuzzBenchmark {

    private static final int CASES = Integer.getInteger("sandesh.fuzz.cases", 2_000);
    private static final long SEED = Long.getLong("sandesh.fuzz.seed", System.nanoTime());

    private final LocalStack stack;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Random random = new Random(SEED);
    private final Connection db;
    private final List<String> failures = new ArrayList<>();
    private final Map<String, Map<String, Integer>> statuses = new TreeMap<>();
    private int requests;
    private int serverErrors;
    private int storedFromRejected;

    private FuzzBenchmark(LocalStack stack, Connection db) {
        this.stack = stack;
        this.db = db;
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("sandesh.repo.root", ".")).toAbsolutePath().normalize();
        String database = System.getProperty("sandesh.bench.database", "sandesh_fuzz");
        String vhost = System.getProperty("sandesh.bench.vhost", "sandesh-systest");
        Path logs = root.resolve("system-tests/target/stack-logs/fuzz");
        Map<String, Object> json = new LinkedHashMap<>();
        int exit;
        try (LocalStack stack = new LocalStack(new LocalStack.Options(root, database, true, vhost, false, 100, 100, logs))) {
            stack.start(Duration.ofSeconds(180));
            FuzzBenchmark fuzz;
            try (Connection db = stack.openDatabase()) {
                fuzz = new FuzzBenchmark(stack, db);
                long started = System.nanoTime();
                fuzz.webhooks();
                fuzz.campaignRequests();
                String draft = fuzz.draft();
                fuzz.uploads(draft, "text/csv");
                fuzz.uploads(draft, "application/x-ndjson");
                double seconds = (System.nanoTime() - started) / 1e9;
                json.put("seconds", Math.round(seconds * 10) / 10.0);
            }
            Map<String, Integer> secrets = scanLogs(stack);
            int leaked = secrets.values().stream().mapToInt(Integer::intValue).sum();
            json.put("benchmark", "fuzz");
            json.put("measuredAt", Instant.now().toString());
            json.put("seed", SEED);
            json.put("casesPerKind", CASES);
            json.put("requests", fuzz.requests);
            json.put("statusesByTarget", fuzz.statuses);
            json.put("serverErrors", fuzz.serverErrors);
            json.put("storedFromRejected", fuzz.storedFromRejected);
            json.put("secretsInLogs", secrets);
            json.put("failures", fuzz.failures.stream().limit(50).toList());
            boolean passed = fuzz.serverErrors == 0 && fuzz.storedFromRejected == 0 && leaked == 0 && fuzz.failures.isEmpty();
            json.put("passed", passed);
            System.out.printf(Locale.ROOT, "fuzz: %,d requests (seed %d), 5xx %d, stored-from-rejected %d, secrets-in-logs %d: %s%n",
                    fuzz.requests, SEED, fuzz.serverErrors, fuzz.storedFromRejected, leaked, passed ? "passed" : "FAILED");
            fuzz.failures.stream().limit(20).forEach(f -> System.out.println("  " + f));
            exit = passed ? 0 : 1;
        }
        Path out = root.resolve("system-tests/results/fuzz.json");
        Files.createDirectories(out.getParent());
        Files.writeString(out, SandeshClient.json().writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n");
        System.exit(exit);
    }

    // --- webhooks --------------------------------------------------------------------------------

    private void webhooks() throws Exception {
        URI uri = stack.uri(LocalStack.App.WEBHOOK, "/webhooks/whatsapp");
        for (int i = 0; i < CASES; i++) {
            String base = """
                    {"object":"whatsapp_business_account","entry":[{"id":"102290129340398","changes":[{"value":{"messaging_product":"whatsapp",\
                    "metadata":{"display_phone_number":"15550783881","phone_number_id":"106540352242922"},\
                    "statuses":[{"id":"wamid.fuzz%d","status":"%s","timestamp":"%d","recipient_id":"919812345678"}]},"field":"messages"}]}]}"""
                    .formatted(i, List.of("sent", "delivered", "read", "failed").get(random.nextInt(4)), 1_750_000_000L + i);
            byte[] body = mutate(base).getBytes(StandardCharsets.UTF_8);
            int signing = random.nextInt(4);
            String header = switch (signing) {
                case 0 -> sign(body, stack.appSecret());                       // signed: may be stored (archived if unreadable)
                case 1 -> sign(body, stack.appSecret() + "x");                 // wrong secret
                case 2 -> null;                                                // missing
                default -> printable(mutate(sign(body, stack.appSecret()))); // garbled (as an HTTP header can carry it)
            };
            long before = count("SELECT count(*) FROM webhook.raw_event");
            HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
            if (header != null) {
                request.header("X-Hub-Signature-256", header);
            }
            int status = send("webhook", request.build(), "webhook #" + i + " signing " + signing);
            boolean validSignature = signing == 0 || (signing == 3 && sign(body, stack.appSecret()).equals(header));
            if (status >= 400 || !validSignature) {
                long after = count("SELECT count(*) FROM webhook.raw_event");
                if (after != before) {
                    storedFromRejected++;
                    failures.add("webhook #" + i + ": answered " + status + " (signing " + signing + ") yet raw_event grew by " + (after - before));
                }
                if (!validSignature && status != 401) {
                    failures.add("webhook #" + i + ": a wrong or missing signature was answered " + status + ", not 401");
                }
            }
        }
    }

    private static String sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    // --- campaign requests -----------------------------------------------------------------------

    private void campaignRequests() throws Exception {
        URI uri = stack.uri(LocalStack.App.BROADCAST, "/v1/campaigns");
        for (int i = 0; i < CASES; i++) {
            ObjectNode campaign = DemoAudience.campaign("fuzz " + i, 0, 0, 0, 1);
            campaign.put("start", false);
            String body = mutate(SandeshClient.json().writeValueAsString(campaign));
            long before = count("SELECT count(*) FROM broadcast.campaign");
            long recipientsBefore = count("SELECT count(*) FROM broadcast.recipient");
            int status = send("campaign", HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + stack.apiKey()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), "campaign #" + i + " " + abbreviate(body));
            if (status >= 400) {
                long after = count("SELECT count(*) FROM broadcast.campaign");
                long recipientsAfter = count("SELECT count(*) FROM broadcast.recipient");
                if (after != before || recipientsAfter != recipientsBefore) {
                    storedFromRejected++;
                    failures.add("campaign #" + i + ": answered " + status + " yet stored rows: " + abbreviate(body));
                }
            }
        }
    }

    private String draft() throws Exception {
        ObjectNode campaign = DemoAudience.campaign("fuzz uploads", 0, 0, 0, 1);
        campaign.put("start", false);
        SandeshClient.Answer answer = new SandeshClient(stack).createCampaign(campaign).requireStatus(201);
        return answer.body().path("id").asText();
    }

    // --- uploads ---------------------------------------------------------------------------------

    private void uploads(String draft, String contentType) throws Exception {
        boolean csv = contentType.equals("text/csv");
        URI uri = stack.uri(LocalStack.App.BROADCAST, "/v1/campaigns/" + draft + "/recipients");
        int cases = Math.max(1, CASES / 4);
        for (int i = 0; i < cases; i++) {
            StringBuilder text = new StringBuilder(csv ? "phone,external_id,param1,coupon\n" : "");
            int lines = 1 + random.nextInt(20);
            for (int l = 0; l < lines; l++) {
                String phone = "+9198" + String.format(Locale.ROOT, "%08d", random.nextInt(100_000_000));
                text.append(csv ? phone + ",c" + i + "-" + l + ",Asha,OFF" + l + "\n"
                        : "{\"phone\":\"" + phone + "\",\"parameters\":[\"Asha\"],\"externalId\":\"c" + i + "-" + l + "\"}\n");
            }
            String body = random.nextInt(8) == 0 ? text + "x".repeat(70_000 + random.nextInt(10_000)) + "\n" : mutate(text.toString());
            long before = count("SELECT count(*) FROM broadcast.recipient");
            int status = send(csv ? "upload-csv" : "upload-ndjson", HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                    .header("Authorization", "Bearer " + stack.apiKey()).header("Content-Type", contentType)
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), contentType + " upload #" + i + " " + abbreviate(body));
            if (status >= 400) {
                long after = count("SELECT count(*) FROM broadcast.recipient");
                if (after != before) {
                    storedFromRejected++;
                    failures.add(contentType + " upload #" + i + ": answered " + status + " yet stored " + (after - before) + " recipients");
                }
            }
        }
    }

    // --- mutation --------------------------------------------------------------------------------

    private static final String[] NASTY = {"\\u0000", "\u0000", "\\ud800", "\\udfff", "\uFFFD", "\"", "\\", ",", "\n", "\r\n", "{", "}", "[", "]",
            ":", "null", "true", "1e999999", "-0", "99999999999999999999999999", "\u202E", "=cmd|' /C calc'!A0", "\t", "\uFEFF", "\"\"\""};

    /** One to four random edits: byte flips, cuts, duplicated spans, nasty tokens, deep nesting, a long run. */
    /** A header value as it can travel: the HTTP client refuses control and non-ASCII characters in one. */
    private static String printable(String value) {
        StringBuilder out = new StringBuilder(value.length());
        value.chars().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return out.toString();
    }

    private String mutate(String text) {
        StringBuilder s = new StringBuilder(text);
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits; e++) {
            int at = s.isEmpty() ? 0 : random.nextInt(s.length());
            switch (random.nextInt(8)) {
                case 0 -> { if (!s.isEmpty()) s.setCharAt(at, (char) (random.nextInt(0x80))); }
                case 1 -> s.setLength(at);
                case 2 -> s.insert(at, NASTY[random.nextInt(NASTY.length)]);
                case 3 -> { if (!s.isEmpty()) s.deleteCharAt(at); }
                case 4 -> { int end = Math.min(s.length(), at + random.nextInt(40)); s.insert(at, s.substring(at, end)); }
                case 5 -> s.insert(at, "[".repeat(random.nextInt(2_000)));
                case 6 -> s.insert(at, "a".repeat(random.nextInt(5_000)));
                default -> s.insert(at, (char) (0xD800 + random.nextInt(0x800)));
            }
        }
        return s.toString();
    }

    // --- plumbing --------------------------------------------------------------------------------

    private int send(String target, HttpRequest request, String what) throws InterruptedException {
        requests++;
        int status;
        try {
            status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            status = -1;
            failures.add(what + ": no answer (" + e + ")");
        }
        statuses.computeIfAbsent(target, t -> new TreeMap<>()).merge(String.valueOf(status), 1, Integer::sum);
        if (status >= 500) {
            serverErrors++;
            failures.add(what + ": answered " + status);
        }
        return status;
    }

    private long count(String sql) throws SQLException {
        try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String abbreviate(String body) {
        String printable = body.replaceAll("[\\p{Cntrl}\\p{Cs}]", "?");
        return printable.length() > 160 ? printable.substring(0, 160) + "…(" + body.length() + " chars)" : printable;
    }

    /** Occurrences of each secret of this run in every service log. */
    private static Map<String, Integer> scanLogs(LocalStack stack) throws IOException {
        Map<String, String> secrets = Map.of("accessToken", stack.accessToken(), "appSecret", stack.appSecret(),
                "verifyToken", stack.verifyToken(), "apiKey", stack.apiKey(), "internalSecret", stack.internalSecret());
        Map<String, Integer> found = new TreeMap<>();
        secrets.keySet().forEach(k -> found.put(k, 0));
        try (var files = Files.list(stack.options().logDir())) {
            for (Path log : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                String text = Files.readString(log, StandardCharsets.ISO_8859_1);
                secrets.forEach((name, secret) -> {
                    int n = 0;
                    for (int at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) {
                        n++;
                    }
                    if (n > 0) {
                        System.out.println("fuzz: " + name + " appears " + n + " times in " + log);
                    }
                    found.merge(name, n, Integer::sum);
                });
            }
        }
        return found;
    }
}
