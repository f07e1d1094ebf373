package dev.sandesh.broadcast;

import dev.sandesh.broadcast.messaging.CampaignPublisher;
import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import org.awaitility.Awaitility;

import java.time.Duration;

/**
 * A start answers once the campaign is RUNNING and publishes its batches in the background
 * (CampaignPublisher#publishDue); a test that reads what was published waits until this app
 * publishes nothing any more: every window it took up released, or given up when the broker refused.
 */
public final class Publishing {

    private Publishing() {
    }

    /** Waits until the running app has no publish in the background; returns at once outside a Quarkus test. */
    public static void awaitIdle() {
        ArcContainer container = Arc.container();
        if (container == null || !container.isRunning()) {
            return;
        }
        CampaignPublisher publisher = container.instance(CampaignPublisher.class).get();
        Awaitility.await("the app's background publishing to finish").atMost(Duration.ofMinutes(3)).pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(20)).until(() -> publisher.publishing() == 0);
    }
}
