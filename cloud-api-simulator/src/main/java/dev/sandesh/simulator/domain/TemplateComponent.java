package dev.sandesh.simulator.domain;

import java.util.List;

/**
 * One component of a template as Meta's template-management API returns it (CLOUD-API-MORE §2.1;
 * M/templates/template-management): HEADER, BODY, FOOTER, BUTTONS, CAROUSEL, LIMITED_TIME_OFFER.
 * Variables are {@code {{1}}} (POSITIONAL) or {@code {{name}}} (NAMED) inside {@code text}.
 */
public sealed interface TemplateComponent {

    /** HEADER formats Meta knows; TEXT may carry one variable, the others take one parameter of their kind. */
    enum HeaderFormat { TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION, GIF, PRODUCT }

    /** An example value of a variable, {@code name} = "1", "2"… for positional ones. */
    record Example(String name, String value) { }

    /**
     * @param text     the header text (TEXT only), else null
     * @param examples {@code example.header_text} / {@code header_text_named_params} for TEXT
     * @param handle   {@code example.header_handle[0]} for media headers (a sample of the upload), else null
     */
    record Header(HeaderFormat format, String text, List<Example> examples, String handle) implements TemplateComponent {
        public Header {
            examples = examples == null ? List.of() : List.copyOf(examples);
        }
    }

    /**
     * @param addSecurityRecommendation authentication templates: Meta writes the body itself (§1.4)
     */
    record Body(String text, List<Example> examples, boolean addSecurityRecommendation) implements TemplateComponent {
        public Body {
            examples = examples == null ? List.of() : List.copyOf(examples);
        }
    }

    /** @param codeExpirationMinutes authentication templates' "expires in N minutes" footer, else null */
    record Footer(String text, Integer codeExpirationMinutes) implements TemplateComponent { }

    record Buttons(List<TemplateButton> buttons) implements TemplateComponent {
        public Buttons {
            buttons = List.copyOf(buttons);
        }
    }

    /** Up to 10 cards of the same layout: header (image or video), body, buttons (§1.5). */
    record Carousel(List<Card> cards) implements TemplateComponent {
        public Carousel {
            cards = List.copyOf(cards);
        }
    }

    record Card(List<TemplateComponent> components) {
        public Card {
            components = List.copyOf(components);
        }
    }

    /** The offer banner (§1.6): text ≤ 16 chars; with an expiration, each send gives {@code expiration_time_ms}. */
    record LimitedTimeOffer(String text, boolean hasExpiration) implements TemplateComponent { }
}
