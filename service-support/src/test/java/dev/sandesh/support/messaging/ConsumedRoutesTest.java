package dev.sandesh.support.messaging;

import dev.sandesh.contracts.Topology;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsumedRoutesTest {

    @Test
    void keepsTheChannelsInTheOrderGiven() {
        ConsumedRoutes routes = ConsumedRoutes.of("control", Topology.CONTROL)
                .and("batches", Topology.BATCHES)
                .and("sender-optouts", Topology.SENDER_OPTOUTS);

        assertThat(routes.byChannel()).containsExactly(
                Map.entry("control", Topology.CONTROL),
                Map.entry("batches", Topology.BATCHES),
                Map.entry("sender-optouts", Topology.SENDER_OPTOUTS));
    }

    @Test
    void aChannelNamedTwiceIsRefused() {
        ConsumedRoutes routes = ConsumedRoutes.of("optouts", Topology.OPTOUTS);

        assertThatThrownBy(() -> routes.and("optouts", Topology.TEMPLATES))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("optouts");
    }

    @Test
    void isACopyNoCallerCanChange() {
        Map<String, Topology.Route> given = new HashMap<>(Map.of("outcomes", Topology.OUTCOMES));
        ConsumedRoutes routes = new ConsumedRoutes(given);
        given.put("campaign-events", Topology.CAMPAIGN_EVENTS);

        assertThat(routes.byChannel()).containsOnlyKeys("outcomes");
        assertThatThrownBy(() -> routes.byChannel().put("x", Topology.BATCHES)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(routes.and("campaign-events", Topology.CAMPAIGN_EVENTS).byChannel()).containsOnlyKeys("outcomes", "campaign-events");
        assertThat(routes.byChannel()).containsOnlyKeys("outcomes");
    }
}
