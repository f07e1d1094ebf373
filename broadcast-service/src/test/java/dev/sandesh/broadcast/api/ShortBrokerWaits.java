package dev.sandesh.broadcast.api;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * One test profile (one Quarkus start) for the tests about waiting on the broker: a 1 s
 * publish-timeout per message, batches of 10, and a control channel publishing to an exchange that
 * does not exist (RabbitMQ refuses every control message; batches still go to the real exchange).
 * Used by ControlUnconfirmedTest and LongPublishTest.
 */
public class ShortBrokerWaits implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "mp.messaging.outgoing.control.exchange.name", "sandesh.control.missing-in-tests",
                "mp.messaging.outgoing.control.exchange.declare", "false",
                "sandesh.broadcast.publish-timeout", "1s",
                "sandesh.broadcast.batch-size", "10");
    }
}
