package dev.sandesh.simulator.domain;

import java.util.List;

/**
 * One {@code template.components[]} entry of a send (CLOUD-API-MORE §1.1–§1.6).
 *
 * @param type       lower-cased {@code type}: header, body, button, carousel, limited_time_offer…
 * @param subType    a button's {@code sub_type} (any case, as Meta accepts both, §1.3), else null
 * @param index      a button's {@code index} as sent (string or number, as text), else null
 * @param parameters its {@code parameters}
 * @param cards      a carousel's {@code cards}, else empty
 */
public record SentComponent(String type, String subType, String index, List<SentParameter> parameters,
                            List<Card> cards) {

    /** A carousel card: {@code card_index} as text (null when missing) and its components. */
    public record Card(String cardIndex, List<SentComponent> components) {
        public Card {
            components = List.copyOf(components);
        }
    }

    public SentComponent {
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
        cards = cards == null ? List.of() : List.copyOf(cards);
    }

    public static SentComponent body(SentParameter... parameters) {
        return new SentComponent("body", null, null, List.of(parameters), List.of());
    }

    public static SentComponent header(SentParameter parameter) {
        return new SentComponent("header", null, null, List.of(parameter), List.of());
    }

    public static SentComponent button(String subType, int index, SentParameter parameter) {
        return new SentComponent("button", subType, String.valueOf(index), List.of(parameter), List.of());
    }
}
