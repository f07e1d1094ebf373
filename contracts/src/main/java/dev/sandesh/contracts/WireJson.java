package dev.sandesh.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;

/**
 * The JSON form of every {@link WireEvent}: the one mapper setup for what crosses the broker.
 * Unknown fields are ignored (a newer producer may add some); instants are ISO-8601 strings.
 */
public final class WireJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private WireJson() {
    }

    public static byte[] encode(WireEvent event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + event.type(), e);
        }
    }

    /**
     * Reads an event, refusing bodies that are not JSON of that type or carry a schema version
     * this build does not know. The exception's message is fit for a dead-letter reason.
     */
    public static <T extends WireEvent> T decode(byte[] body, Class<T> type, int supportedVersion) {
        T event;
        try {
            event = MAPPER.readValue(body, type);
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException("not a valid " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        if (event == null) {
            throw new WireFormatException("empty " + type.getSimpleName());
        }
        if (event.version() != supportedVersion) {
            throw new WireFormatException(type.getSimpleName() + " version " + event.version()
                    + " is not supported (this build reads version " + supportedVersion + ")");
        }
        return event;
    }

    /** The mapper itself, for code that needs to read or write wire JSON in another shape (tests, tools). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
