package dev.sandesh.broadcast.domain;

/** A campaign was asked to move to a state it cannot reach from where it is. */
public class IllegalCampaignTransition extends RuntimeException {

    private final CampaignState from;
    private final CampaignState to;

    public IllegalCampaignTransition(CampaignState from, CampaignState to) {
        super("a " + from + " campaign cannot become " + to + " (allowed: " + from.next() + ")");
        this.from = from;
        this.to = to;
    }

    public CampaignState from() {
        return from;
    }

    public CampaignState to() {
        return to;
    }
}
