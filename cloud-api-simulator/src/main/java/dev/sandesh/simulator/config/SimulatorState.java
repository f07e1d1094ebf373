package dev.sandesh.simulator.config;

import dev.sandesh.simulator.domain.AccountState;
import dev.sandesh.simulator.domain.FaultPlan;
import dev.sandesh.simulator.domain.MarketingMessagesFault;
import dev.sandesh.simulator.domain.WebhookQuirks;
import jakarta.inject.Singleton;

/**
 * The switches a scenario flips while the simulator runs (account state, injected faults, webhook
 * quirks): start from configuration, change through {@code PUT /_simulator/config}.
 */
@Singleton
public class SimulatorState {

    private volatile AccountState account;
    private volatile FaultPlan faults;
    private volatile WebhookQuirks quirks;
    private volatile MarketingMessagesFault marketingFault;

    public SimulatorState(SimulatorConfig config) {
        this.account = AccountState.parse(config.accountState());
        SimulatorConfig.Faults f = config.faults();
        this.faults = new FaultPlan(f.serverErrorShare(), f.unavailableShare(), f.timeoutShare(), f.timeoutHold(),
                f.latencyMedian(), f.latencyP99().orElse(null));
        SimulatorConfig.Webhook w = config.webhook();
        this.quirks = new WebhookQuirks(w.duplicateShare(), w.reorderShare(), w.skipDeliveredShare());
    }

    public AccountState account() {
        return account;
    }

    public void account(AccountState newState) {
        this.account = newState;
    }

    public FaultPlan faults() {
        return faults;
    }

    public void faults(FaultPlan newFaults) {
        this.faults = newFaults;
    }

    /** The MM API error produced on demand, or null for none. */
    public MarketingMessagesFault marketingFault() {
        return marketingFault;
    }

    public void marketingFault(MarketingMessagesFault fault) {
        this.marketingFault = fault;
    }

    public WebhookQuirks quirks() {
        return quirks;
    }

    public void quirks(WebhookQuirks newQuirks) {
        this.quirks = newQuirks;
    }
}
