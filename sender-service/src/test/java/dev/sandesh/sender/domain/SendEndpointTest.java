package dev.sandesh.sender.domain;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SendEndpointTest {

    private static final Map<String, Boolean> ONBOARDED = Map.of("111", true, "222", false);

    @Test
    void onlyMarketingTemplatesOfAnOnboardedNumberGoToTheMarketingMessagesApi() {
        assertThat(SendEndpoint.of("marketing", "111", ONBOARDED)).isEqualTo(SendEndpoint.MARKETING_MESSAGES);
        assertThat(SendEndpoint.of("MARKETING", "111", ONBOARDED)).isEqualTo(SendEndpoint.MARKETING_MESSAGES);
        assertThat(SendEndpoint.of("utility", "111", ONBOARDED)).isEqualTo(SendEndpoint.MESSAGES);
        assertThat(SendEndpoint.of("authentication", "111", ONBOARDED)).isEqualTo(SendEndpoint.MESSAGES);
        assertThat(SendEndpoint.of("marketing", "222", ONBOARDED)).isEqualTo(SendEndpoint.MESSAGES);
        assertThat(SendEndpoint.of("marketing", "333", ONBOARDED)).isEqualTo(SendEndpoint.MESSAGES);
        assertThat(SendEndpoint.MARKETING_MESSAGES.path()).isEqualTo("marketing_messages");
        assertThat(SendEndpoint.MESSAGES.path()).isEqualTo("messages");
    }
}
