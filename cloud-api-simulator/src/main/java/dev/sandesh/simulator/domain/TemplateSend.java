package dev.sandesh.simulator.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a {@code POST /messages} (or {@code /marketing_messages}) body the simulator
 * checks. A field the caller left out is null; a JSON field of the wrong shape is passed as
 * {@link #MALFORMED}.
 *
 * @param languagePolicy {@code template.language.policy} (only "deterministic" exists, §1.9), or null
 * @param components     {@code template.components}, reduced to what Meta validates
 * @param productPolicy  the MM API's {@code product_policy}, or null
 * @param recipient      a BSUID given instead of {@code to} (since May 2026; {@code to} wins when both are
 *                       given, CLOUD-API-MORE §1.10, §4.5), or null
 */
public record TemplateSend(String messagingProduct, String recipientType, String to, String type,
                           String templateName, String languageCode, String languagePolicy,
                           List<SentComponent> components, String bizOpaqueCallbackData, String productPolicy,
                           String recipient) {

    /** Marker for a field that is present but not a string. */
    public static final String MALFORMED = "\u0000malformed";

    public TemplateSend {
        components = components == null ? List.of() : List.copyOf(components);
    }

    /** A send to a phone number ({@code to}). */
    public TemplateSend(String messagingProduct, String recipientType, String to, String type, String templateName,
                        String languageCode, String languagePolicy, List<SentComponent> components,
                        String bizOpaqueCallbackData, String productPolicy) {
        this(messagingProduct, recipientType, to, type, templateName, languageCode, languagePolicy, components,
                bizOpaqueCallbackData, productPolicy, null);
    }

    /** Sent to a BSUID: {@code recipient} without {@code to}. */
    public boolean toBsuid() {
        return to == null && recipient != null;
    }

    /** Whom it goes to: the wa_id digits of {@code to}, else the BSUID. */
    public String recipientKey() {
        return toBsuid() ? recipient : SendRules.waId(to);
    }

    /** A send with positional text body parameters only ("p0", "p1"…). */
    public TemplateSend(String messagingProduct, String recipientType, String to, String type, String templateName,
                        String languageCode, int bodyParameterCount, String bizOpaqueCallbackData) {
        this(messagingProduct, recipientType, to, type, templateName, languageCode, null,
                bodyOnly(bodyParameterCount), bizOpaqueCallbackData, null, null);
    }

    private static List<SentComponent> bodyOnly(int count) {
        List<SentParameter> parameters = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            parameters.add(SentParameter.text("p" + i));
        }
        return count == 0 ? List.of() : List.of(new SentComponent("body", null, null, parameters, List.of()));
    }

    /** The first value Meta refuses regardless of the template (131009 / 132018), or null. */
    public CloudApiError firstValueProblem() {
        return firstValueProblem(components);
    }

    private static CloudApiError firstValueProblem(List<SentComponent> components) {
        for (SentComponent component : components) {
            for (SentParameter parameter : component.parameters()) {
                CloudApiError problem = parameter.problem(component.type());
                if (problem != null) {
                    return problem;
                }
            }
            for (SentComponent.Card card : component.cards()) {
                CloudApiError problem = firstValueProblem(card.components());
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }
}
