package dev.sandesh.webhook.messaging;

import dev.sandesh.contracts.BatchOutcome;
import dev.sandesh.contracts.BatchOutcome.RecipientOutcome;
import dev.sandesh.contracts.WireFormatException;
import dev.sandesh.contracts.WireJson;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import static dev.sandesh.webhook.TestSupport.cleanTables;
import static dev.sandesh.webhook.TestSupport.messageStatus;
import static dev.sandesh.webhook.TestSupport.query;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The handler knows no adapter: an HTTP CloudEvent endpoint will hand it the same bytes. */
@QuarkusTest
class OutcomeHandlerTest {

    @Inject
    OutcomeHandler handler;

    @BeforeEach
    void clean() {
        cleanTables();
    }

    @Test
    void handlesAnOutcomeBodyWithoutTheBroker() throws Throwable {
        UUID campaign = UUID.randomUUID();
        String wamid = "wamid." + UUID.randomUUID();
        byte[] body = WireJson.encode(new BatchOutcome(campaign, 2, "106540352242922", List.of(
                RecipientOutcome.accepted(200, "IN", wamid),
                new RecipientOutcome(201, "IN", BatchOutcome.Result.HALTED, null, null, "number halted"))));

        VertxContextSupport.subscribeAndAwait(() -> handler.handle(body));
        VertxContextSupport.subscribeAndAwait(() -> handler.handle(body));

        assertThat(messageStatus(wamid)).containsEntry("campaign_id", campaign).containsEntry("status", "accepted");
        assertThat(query("SELECT result FROM webhook.send_failure WHERE campaign_id = ?", campaign))
                .singleElement().satisfies(row -> assertThat(row.get("result")).isEqualTo("HALTED"));
    }

    @Test
    void anAcceptedSendWithoutAWamidIsPoison() {
        byte[] body = ("{\"version\":1,\"campaignId\":\"" + UUID.randomUUID() + "\",\"batchNumber\":0,\"phoneNumberId\":\"1\","
                + "\"recipients\":[{\"sequence\":0,\"country\":\"IN\",\"result\":\"ACCEPTED\"}]}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(() -> handler.handle(body)))
                .isInstanceOf(WireFormatException.class).hasMessageContaining("without a wamid");
    }

    @Test
    void anUnknownResultIsPoison() {
        byte[] body = ("{\"version\":1,\"campaignId\":\"" + UUID.randomUUID() + "\",\"batchNumber\":0,\"phoneNumberId\":\"1\","
                + "\"recipients\":[{\"sequence\":0,\"country\":\"IN\",\"result\":\"MAYBE\"}]}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(() -> handler.handle(body)))
                .isInstanceOf(WireFormatException.class);
    }
}
