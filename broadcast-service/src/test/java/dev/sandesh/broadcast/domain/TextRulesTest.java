package dev.sandesh.broadcast.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TextRulesTest {

    @Test
    void nulAndLoneSurrogatesAreRefusedWithTheirPosition() {
        assertThat(TextRules.problem("ab\u0000c")).hasValueSatisfying(r -> assertThat(r).contains("NUL").contains("position 2"));
        assertThat(TextRules.problem("\uD800")).hasValueSatisfying(r -> assertThat(r).contains("surrogate").contains("position 0"));
        assertThat(TextRules.problem("a\uDC00")).hasValueSatisfying(r -> assertThat(r).contains("position 1"));
        assertThat(TextRules.problem("x\uD83Dy")).isPresent();
    }

    @Test
    void everythingElseIsKeptAsGiven() {
        assertThat(TextRules.problem((String) null)).isEmpty();
        assertThat(TextRules.problem("")).isEmpty();
        assertThat(TextRules.problem("Asha \uD83D\uDE00 \t\u0001 ñ 日本")).isEmpty();
    }

    @Test
    void aRecipientNamesItsFirstUnstorableField() {
        assertThat(TextRules.problem(new AudienceEntry("+919812345678", List.of("ok", "b\u0000d"), "c1")))
                .hasValueSatisfying(r -> assertThat(r).startsWith("parameters[1] "));
        assertThat(TextRules.problem(new AudienceEntry("+91\u0000", List.of(), null))).hasValueSatisfying(r -> assertThat(r).startsWith("phone "));
        assertThat(TextRules.problem(new AudienceEntry("+919812345678", List.of(), null, Map.of("coupon", "\uDFFF"))))
                .hasValueSatisfying(r -> assertThat(r).startsWith("variables.coupon "));
        assertThat(TextRules.problem(new AudienceEntry("+919812345678", List.of("Asha"), "c1", Map.of("coupon", "X")))).isEmpty();
    }
}
