package dev.sandesh.webhook.messaging;

import dev.sandesh.contracts.Topology;
import dev.sandesh.webhook.TestSupport;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class OptOutsTopologyTest {

    @Test
    void theOptOutRouteIsDeclaredAtStartupSoThatNoOptOutIsDroppedBeforeBroadcastServiceRuns() {
        assertThat(TestSupport.queueExists(Topology.OPTOUTS.queue())).isTrue();
        assertThat(TestSupport.queueExists(Topology.OPTOUTS.deadLetterQueue())).isTrue();
        assertThat(TestSupport.queueExists("broadcast.no-such-queue")).isFalse();
    }

    @Test
    void theTemplatesRouteIsDeclaredAtStartupSoThatNoTemplatePauseIsDroppedBeforeBroadcastServiceRuns() {
        assertThat(TestSupport.queueExists(Topology.TEMPLATES.queue())).isTrue();
        assertThat(TestSupport.queueExists(Topology.TEMPLATES.deadLetterQueue())).isTrue();
    }
}
