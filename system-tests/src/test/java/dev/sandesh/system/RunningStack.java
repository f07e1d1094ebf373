package dev.sandesh.system;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.function.BooleanSupplier;

/**
 * The whole of Sandesh for one test class: started before its first test
 * ({@link LocalStack#forSystemTest}), stopped after its last. Register it in a static field:
 * {@code @RegisterExtension static final RunningStack sandesh = new RunningStack(rate, batchSize);}
 */
final class RunningStack implements BeforeAllCallback, AfterAllCallback {

    private final int rate;
    private final int batchSize;
    private BooleanSupplier precondition = () -> true;
    private String preconditionReason = "";
    private LocalStack stack;
    private SandeshClient client;

    /**
     * @param rate      messages/s of the sender and the simulator
     * @param batchSize recipients per SendBatch
     */
    RunningStack(int rate, int batchSize) {
        this.rate = rate;
        this.batchSize = batchSize;
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
        stack = LocalStack.forSystemTest(context.getRequiredTestClass(), rate, batchSize);
        client = new SandeshClient(stack);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    LocalStack stack() {
        return stack;
    }

    SandeshClient client() {
        return client;
    }
}
