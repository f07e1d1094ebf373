package dev.sandesh.system;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The counts of a campaign as {@code GET /v1/campaigns/{id}} reports them (its {@code counts}
 * object), with what a progress line needs.
 */
public record CampaignProgress(
        String state, long recipients, long valid, long rejected, long queued, long accepted, long sent,
        long delivered, long read, long failed, long unknown, long halted, boolean stale) {

    public static CampaignProgress of(JsonNode campaign) {
        JsonNode c = campaign.path("counts");
        return new CampaignProgress(campaign.path("state").asText("?"),
                c.path("recipients").asLong(), c.path("valid").asLong(), rejectedTotal(c.path("rejected")),
                c.path("queued").asLong(), c.path("accepted").asLong(), c.path("sent").asLong(),
                c.path("delivered").asLong(), c.path("read").asLong(), c.path("failed").asLong(),
                c.path("unknown").asLong(), c.path("halted").asLong(), c.path("stale").asBoolean(campaign.path("stale").asBoolean()));
    }

    private static long rejectedTotal(JsonNode rejected) {
        return rejected.isNumber() ? rejected.asLong() : rejected.path("total").asLong();
    }

    /** Recipients with any outcome from the sender. */
    public long processed() {
        return accepted + sent + delivered + read + failed + unknown + halted;
    }

    /** Recipients that will not change any more. */
    public long terminal() {
        return read + failed + halted;
    }

    /** Messages that reached the phone (read implies delivered): what Meta bills. */
    public long reached() {
        return delivered + read;
    }

    public boolean finished() {
        return valid > 0 && terminal() >= valid;
    }
}
