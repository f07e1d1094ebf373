package dev.sandesh.simulator.api;

import dev.sandesh.simulator.domain.PricingLedger;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** {@code PUT /_simulator/pricing-analytics {"volumeDrift":0.02}}: pricing_analytics reports 2 % more volume than was delivered. */
@Path("/_simulator/pricing-analytics")
public class PricingAnalyticsControlResource {

    private final PricingLedger ledger;

    public PricingAnalyticsControlResource(PricingLedger ledger) {
        this.ledger = ledger;
    }

    public record Drift(double volumeDrift) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Drift drift() {
        return new Drift(ledger.volumeDrift());
    }

    @PUT
    @Produces(MediaType.APPLICATION_JSON)
    public Drift drift(Drift drift) {
        ledger.volumeDrift(drift.volumeDrift());
        return new Drift(ledger.volumeDrift());
    }
}
