package dev.sandesh.simulator.domain;

/**
 * The parts of a {@code POST /messages} body the simulator checks. A field the caller left out is
 * null; a JSON field of the wrong shape is passed as {@link #MALFORMED}.
 *
 * @param headerParameterCount parameters over the {@code header} components (0 without one)
 * @param bodyParameterCount   parameters in the {@code body} component (0 without one)
 * @param buttonParameterCount parameters over the {@code button} components (0 without any)
 * @param invalidParameter     why the first invalid parameter value is invalid, or null when all are valid
 */
public record TemplateSend(String messagingProduct, String recipientType, String to, String type,
                           String templateName, String languageCode, int headerParameterCount,
                           int bodyParameterCount, int buttonParameterCount, String invalidParameter,
                           String bizOpaqueCallbackData) {

    /** Marker for a field that is present but not a string. */
    public static final String MALFORMED = "\u0000malformed";

    /** A send with body parameters only, all valid. */
    public TemplateSend(String messagingProduct, String recipientType, String to, String type, String templateName,
                        String languageCode, int bodyParameterCount, String bizOpaqueCallbackData) {
        this(messagingProduct, recipientType, to, type, templateName, languageCode, 0, bodyParameterCount, 0, null,
                bizOpaqueCallbackData);
    }
}
