package dev.sandesh.simulator.domain;

/**
 * The parts of a {@code POST /messages} body the simulator checks. A field the caller left out is
 * null; a JSON field of the wrong shape is passed as {@link #MALFORMED}.
 *
 * @param bodyParameterCount number of parameters in the {@code body} component (0 without one)
 */
public record TemplateSend(String messagingProduct, String recipientType, String to, String type,
                           String templateName, String languageCode, int bodyParameterCount,
                           String bizOpaqueCallbackData) {

    /** Marker for a field that is present but not a string. */
    public static final String MALFORMED = "\u0000malformed";
}
