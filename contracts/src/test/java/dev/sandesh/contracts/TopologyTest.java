package dev.sandesh.contracts;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class TopologyTest {

    @Test
    void shippedConfigurationNamesTheSameExchangesAndQueuesAsTheConstants() throws IOException {
        var shipped = new Properties();
        try (InputStream in = Topology.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            shipped.load(in);
        }

        for (Topology.Route route : Topology.ROUTES) {
            assertThat(shipped.getProperty("sandesh.topology." + route.key() + ".exchange")).isEqualTo(route.exchange());
            assertThat(shipped.getProperty("sandesh.topology." + route.key() + ".queue")).isEqualTo(route.queue());
        }
        assertThat(shipped.stringPropertyNames().stream().filter(k -> k.startsWith("sandesh.topology."))).hasSize(2 * Topology.ROUTES.size());
    }

    @Test
    void deadLetterQueuesFollowTheQueueName() {
        assertThat(Topology.BATCHES.deadLetterQueue()).isEqualTo("sender.batches.dlq");
        assertThat(Topology.OUTCOMES.deadLetterQueue()).isEqualTo("webhook.outcomes.dlq");
        assertThat(Topology.OPTOUTS.deadLetterQueue()).isEqualTo("broadcast.optouts.dlq");
        assertThat(Topology.CONTROL.deadLetterQueue()).isEqualTo("sender.control.dlq");
        assertThat(Topology.TEMPLATES.deadLetterQueue()).isEqualTo("broadcast.templates.dlq");
        assertThat(Topology.CAMPAIGN_EVENTS.deadLetterQueue()).isEqualTo("webhook.campaign-events.dlq");
    }

    @Test
    void phoneMaskKeepsOnlyTheCountryCodeAndTheLastFourDigits() {
        assertThat(PhoneMask.mask("+919812345678")).isEqualTo("+91******5678");
        assertThat(PhoneMask.mask("12345")).isEqualTo("*****");
        assertThat(PhoneMask.mask(null)).isEqualTo("null");
    }
}
