package dev.sandesh.sender.client;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sandesh.contracts.SendBatch;
import dev.sandesh.contracts.TemplateComponents;
import dev.sandesh.contracts.TemplateRef;
import dev.sandesh.sender.domain.ProductPolicy;
import dev.sandesh.sender.domain.SendEndpoint;

import java.util.List;

/**
 * A batch's template, compiled once, building each recipient's {@link TemplateMessageRequest}.
 *
 * <p>With {@code components} (Meta's send-time JSON, CLOUD-API-MORE §1), each recipient gets them with
 * its own values substituted ({@link TemplateComponents}: the placeholders are parsed once per batch,
 * and resolving only concatenates; constant parts are shared). Every component kind passes through
 * untouched apart from the substitution: header text/media/location, body positional or named
 * ({@code parameter_name}), currency, date_time, buttons with {@code sub_type} and {@code index},
 * carousel, limited_time_offer. Without components (the short form of older batches), the recipient's
 * {@code bodyParameters} are the body's positional text parameters.
 */
public final class BatchTemplate {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String name;
    private final TemplateMessageRequest.Language language;
    /** null: the short form. */
    private final TemplateComponents components;
    private final SendEndpoint endpoint;
    private final ProductPolicy productPolicy;

    private BatchTemplate(String name, TemplateMessageRequest.Language language, TemplateComponents components,
                          SendEndpoint endpoint, ProductPolicy productPolicy) {
        this.name = name;
        this.language = language;
        this.components = components;
        this.endpoint = endpoint;
        this.productPolicy = productPolicy;
    }

    /**
     * @param productPolicy sent on {@link SendEndpoint#MARKETING_MESSAGES} only; null: left out (Meta's default)
     * @throws IllegalArgumentException when the components cannot be compiled (a {@code {{0}}} placeholder)
     */
    public static BatchTemplate compile(TemplateRef template, SendEndpoint endpoint, ProductPolicy productPolicy) {
        TemplateComponents components = template.components() == null ? null : TemplateComponents.compile(template.components());
        return new BatchTemplate(template.name(), TemplateMessageRequest.Language.deterministic(template.language()), components,
                endpoint, productPolicy);
    }

    public SendEndpoint endpoint() {
        return endpoint;
    }

    /**
     * @throws TemplateComponents.UnresolvedPlaceholder when a placeholder has no value for this recipient
     */
    public TemplateMessageRequest request(SendBatch.Recipient recipient) {
        ArrayNode resolved = components == null
                ? shortForm(recipient.bodyParameters())
                : components.resolve(recipient.bodyParameters(), recipient.variables());
        return TemplateMessageRequest.of(recipient.phone(),
                new TemplateMessageRequest.Template(name, language, resolved), endpoint, productPolicy);
    }

    /** {@code [{"type":"body","parameters":[{"type":"text","text":…}…]}]}, or none without parameters. */
    private static ArrayNode shortForm(List<String> bodyParameters) {
        ArrayNode components = NODES.arrayNode(1);
        if (bodyParameters.isEmpty()) {
            return components;
        }
        ObjectNode body = components.addObject().put("type", "body");
        ArrayNode parameters = body.putArray("parameters");
        for (String value : bodyParameters) {
            parameters.addObject().put("type", "text").put("text", value);
        }
        return components;
    }
}
