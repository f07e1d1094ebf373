package dev.sandesh.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.awaitility.Awaitility.await;

/**
 * The whole of Sandesh for a test class ({@link LocalStack#forSystemTest}). Register it in a static field:
 * <ul>
 *   <li>{@code @RegisterExtension static final RunningStack sandesh = RunningStack.shared();} for a class
 *       that neither kills nor restarts a process nor needs a configuration of its own: one stack for all
 *       such classes ({@value #SHARED_RATE} msg/s, batches of {@value #SHARED_BATCH_SIZE}, broadcast's
 *       {@code settle-after} {@value #SHARED_SETTLE_AFTER}), started by the first of them and stopped when
 *       the run ends (it lives in the root context's store) or when a class with a stack of its own starts.
 *       Each class starts with the simulator's account ok, no recipient rules and an empty audit, and
 *       cancels what it left running when it ends, so nothing of it is sent during the next. Its tests
 *       still see earlier classes' rows in the databases: they count per campaign. Annotate the class
 *       {@code @Order(SHARED)} so that the shared classes run one after another (junit-platform.properties
 *       orders classes by {@code @Order}), before those with a stack of their own;</li>
 *   <li>{@code new RunningStack(rate, batchSize)}: the class's own stack, started before its first test and
 *       stopped after its last (for a class that kills or restarts processes, or configures them). It stops
 *       the shared stack first: both use the same database and vhost.</li>
 * </ul>
 */
final class RunningStack implements BeforeAllCallback, AfterAllCallback {

    /** {@code @Order} of the classes on the shared stack: before every other (unannotated) class. */
    static final int SHARED = 1;

    static final int SHARED_RATE = 100;
    static final int SHARED_BATCH_SIZE = 25;
    static final String SHARED_SETTLE_AFTER = "4s";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RunningStack.class);
    private static final String BROADCAST_ARGS = "sandesh.stack.jvm-args.broadcast-service";

    /** The shared stack while it runs (also in the root store, which closes it at the end of the run). */
    private static Shared running;

    private final int rate;
    private final int batchSize;
    private final boolean shared;
    private BooleanSupplier precondition = () -> true;
    private String preconditionReason = "";
    private LocalStack stack;
    private SandeshClient client;

    /**
     * A stack of the class's own.
     *
     * @param rate      messages/s of the sender and the simulator
     * @param batchSize recipients per SendBatch
     */
    RunningStack(int rate, int batchSize) {
        this(rate, batchSize, false);
    }

    private RunningStack(int rate, int batchSize, boolean shared) {
        this.rate = rate;
        this.batchSize = batchSize;
        this.shared = shared;
    }

    /** The stack shared by the classes that leave every process running (see the class comment). */
    static RunningStack shared() {
        return new RunningStack(SHARED_RATE, SHARED_BATCH_SIZE, true);
    }

    /** Skips the test class (an assumption, not a failure), before anything starts, unless {@code condition} holds. */
    RunningStack assuming(BooleanSupplier condition, String reason) {
        this.precondition = condition;
        this.preconditionReason = reason;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Assumptions.assumeTrue(precondition.getAsBoolean(), preconditionReason);
        if (shared) {
            ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
            Shared s = store.get(Shared.class, Shared.class);
            if (s == null || s.closed()) { // first class on it, or a class with its own stack stopped it
                s = startShared();
                store.put(Shared.class, s);
            }
            stack = s.stack;
            client = new SandeshClient(stack);
            freshSimulator(client);
        } else {
            stopSharedStack();
            stack = LocalStack.forSystemTest(context.getRequiredTestClass(), rate, batchSize);
            client = new SandeshClient(stack);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (shared) {
            if (client != null && running != null && running.stack == stack) {
                cancelLeftRunning(client);
            }
        } else if (stack != null) {
            stack.close();
        }
    }

    /** Stops the shared stack if it runs: for a class that starts a stack of its own (same database and vhost). */
    static synchronized void stopSharedStack() throws Exception {
        if (running != null) {
            Shared s = running;
            running = null;
            s.close();
        }
    }

    private static synchronized Shared startShared() {
        String before = System.getProperty(BROADCAST_ARGS);
        System.setProperty(BROADCAST_ARGS, "-Dsandesh.broadcast.settle-after=" + SHARED_SETTLE_AFTER);
        try {
            running = new Shared(LocalStack.forSystemTest(Shared.class, SHARED_RATE, SHARED_BATCH_SIZE));
            return running;
        } catch (Exception e) {
            throw new IllegalStateException("the shared stack did not start", e);
        } finally {
            if (before == null) {
                System.clearProperty(BROADCAST_ARGS);
            } else {
                System.setProperty(BROADCAST_ARGS, before);
            }
        }
    }

    /** What a class on the shared stack starts from: the account ok, no recipient rules, an empty audit. */
    private static void freshSimulator(SandeshClient client) throws Exception {
        ObjectNode settings = SandeshClient.json().createObjectNode().put("account", "ok");
        settings.putArray("recipientRules");
        SandeshClient.Answer configured = client.configureSimulator(settings);
        if (configured.status() / 100 != 2) {
            throw new IllegalStateException("the simulator refused its reset configuration: " + configured.body());
        }
        client.resetSimulatorAudit();
    }

    /**
     * Cancels every campaign the class left RUNNING, PAUSED, HALTED or SCHEDULED, then waits until the
     * simulator accepts nothing more (the sends in flight answered), so the next class's counts are its own.
     */
    private static void cancelLeftRunning(SandeshClient client) throws Exception {
        for (String state : List.of("RUNNING", "PAUSED", "HALTED", "SCHEDULED")) {
            for (JsonNode campaign : client.campaigns(state).requireStatus(200).body().path("campaigns")) {
                client.campaignAction(campaign.path("id").asText(), "cancel");
            }
        }
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100)).until(() -> {
            long accepted = client.simulatorAudit().requireStatus(200).body().path("accepted").asLong();
            Thread.sleep(500);
            return client.simulatorAudit().requireStatus(200).body().path("accepted").asLong() == accepted;
        });
    }

    /** The shared stack as the root store holds it: closed at the end of the run, unless a class stopped it first. */
    private static final class Shared implements AutoCloseable {

        private final LocalStack stack;
        private boolean closed;

        Shared(LocalStack stack) {
            this.stack = stack;
        }

        synchronized boolean closed() {
            return closed;
        }

        @Override
        public synchronized void close() throws Exception {
            if (!closed) {
                closed = true;
                if (running == this) {
                    running = null;
                }
                stack.close();
            }
        }
    }

    LocalStack stack() {
        return stack;
    }

    SandeshClient client() {
        return client;
    }
}
