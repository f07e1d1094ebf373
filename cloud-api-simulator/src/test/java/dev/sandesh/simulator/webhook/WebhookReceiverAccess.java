package dev.sandesh.simulator.webhook;

import java.util.List;

/** Lets tests of other packages read what the test receiver got. */
public final class WebhookReceiverAccess {

    private WebhookReceiverAccess() {
    }

    public static void clear() {
        WebhookReceiver.RECEIVED.clear();
        WebhookReceiver.FAIL_NEXT.set(0);
    }

    public static List<byte[]> bodies() {
        return WebhookReceiver.RECEIVED.stream().map(WebhookReceiver.Received::body).toList();
    }
}
