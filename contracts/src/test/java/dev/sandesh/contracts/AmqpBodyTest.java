package dev.sandesh.contracts;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AmqpBodyTest {

    private static final String JSON = "{\"version\":1}";

    @Test
    void everySerialisedFormOfAPayloadGivesItsBytes() {
        assertThat(text(Message.of(JSON.getBytes(StandardCharsets.UTF_8)))).isEqualTo(JSON);
        assertThat(text(Message.of(JSON))).isEqualTo(JSON);
        assertThat(text(Message.of(new JsonObject(JSON)))).isEqualTo(JSON);
        assertThat(text(Message.of(new JsonArray("[1,2]")))).isEqualTo("[1,2]");
        assertThat(text(Message.of(Buffer.buffer(JSON)))).isEqualTo(JSON);
        assertThat(text(Message.of(io.vertx.mutiny.core.buffer.Buffer.buffer(JSON)))).isEqualTo(JSON);
    }

    @Test
    void anEmptyMessageIsPoison() {
        assertThatThrownBy(() -> AmqpBody.of(Message.of(new byte[0]))).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("empty");
    }

    @Test
    void aPayloadThatIsNoSerialisedFormIsPoison() {
        assertThatThrownBy(() -> AmqpBody.of(Message.of(42))).isInstanceOf(WireFormatException.class)
                .hasMessageContaining("java.lang.Integer");
    }

    private static String text(Message<?> message) {
        return new String(AmqpBody.of(message), StandardCharsets.UTF_8);
    }
}
