package dev.sandesh.contracts;

import io.smallrye.reactive.messaging.rabbitmq.OutgoingRabbitMQMetadata;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AmqpBodyTest {

    private static final String JSON = "{\"version\":1}";
    private static final InternalSignature SIGNATURE = InternalSignature.of(InternalSignatureTest.SECRET, Optional.empty());

    private static Metadata signed(String json) {
        Map<String, Object> headers = new HashMap<>(SIGNATURE.headers("OptOut", json.getBytes(StandardCharsets.UTF_8)));
        return Metadata.of(OutgoingRabbitMQMetadata.builder().withHeaders(headers).build());
    }

    @Test
    void everySerialisedFormOfASignedPayloadGivesItsBytes() {
        assertThat(text(Message.of(JSON.getBytes(StandardCharsets.UTF_8), signed(JSON)))).isEqualTo(JSON);
        assertThat(text(Message.of(JSON, signed(JSON)))).isEqualTo(JSON);
        assertThat(text(Message.of(new JsonObject(JSON), signed(JSON)))).isEqualTo(JSON);
        assertThat(text(Message.of(new JsonArray("[1,2]"), signed("[1,2]")))).isEqualTo("[1,2]");
        assertThat(text(Message.of(Buffer.buffer(JSON), signed(JSON)))).isEqualTo(JSON);
        assertThat(text(Message.of(io.vertx.mutiny.core.buffer.Buffer.buffer(JSON), signed(JSON)))).isEqualTo(JSON);
    }

    @Test
    void whatWireMessagesPublishesReadsBack() {
        OptOut optOut = new OptOut(OptOut.VERSION, "+919812345678", OptOut.Action.OPT_OUT, OptOut.Source.KEYWORD, Instant.parse("2026-12-01T10:00:00Z"));
        Message<byte[]> message = WireMessages.message(optOut, WireMessages.metadata(optOut).withRoutingKey("optout.keyword").withMessageId("m-1").build(), SIGNATURE);

        OutgoingRabbitMQMetadata metadata = message.getMetadata(OutgoingRabbitMQMetadata.class).orElseThrow();
        assertThat(metadata.getRoutingKey()).isEqualTo("optout.keyword");
        assertThat(metadata.getMessageId()).isEqualTo("m-1");
        assertThat(metadata.getDeliveryMode()).isEqualTo(2);
        assertThat(metadata.getHeaders()).containsEntry(Topology.TYPE_HEADER, "OptOut").containsEntry("ce-type", "OptOut")
                .containsEntry("ce-specversion", "1.0").containsKey("ce-sandeshsignature");
        assertThat(WireJson.decode(AmqpBody.of(message, SIGNATURE), OptOut.class, OptOut.VERSION)).isEqualTo(optOut);
    }

    @Test
    void anUnsignedMessageIsPoison() {
        assertThatThrownBy(() -> AmqpBody.of(Message.of(JSON.getBytes(StandardCharsets.UTF_8)), SIGNATURE))
                .isInstanceOf(WireFormatException.class).isInstanceOf(ForgedMessageException.class)
                .hasMessageContaining("unsigned");
    }

    @Test
    void aMessageSignedWithAnotherSecretOrAlteredIsPoison() {
        InternalSignature other = InternalSignature.of("another-secret-of-sufficient-length", Optional.empty());
        Map<String, Object> headers = new HashMap<>(other.headers("OptOut", JSON.getBytes(StandardCharsets.UTF_8)));
        assertThatThrownBy(() -> AmqpBody.of(Message.of(JSON, Metadata.of(OutgoingRabbitMQMetadata.builder().withHeaders(headers).build())), SIGNATURE))
                .isInstanceOf(ForgedMessageException.class).hasMessageContaining("does not match");
        assertThatThrownBy(() -> AmqpBody.of(Message.of("{\"version\":2}", signed(JSON)), SIGNATURE))
                .isInstanceOf(ForgedMessageException.class);
    }

    @Test
    void anEmptyMessageIsPoison() {
        assertThatThrownBy(() -> AmqpBody.of(Message.of(new byte[0]), SIGNATURE)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void aPayloadThatIsNoSerialisedFormIsPoison() {
        assertThatThrownBy(() -> AmqpBody.of(Message.of(42), SIGNATURE)).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("java.lang.Integer");
    }

    private static String text(Message<?> message) {
        return new String(AmqpBody.of(message, SIGNATURE), StandardCharsets.UTF_8);
    }
}
