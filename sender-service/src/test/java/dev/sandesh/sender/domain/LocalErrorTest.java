package dev.sandesh.sender.domain;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalErrorTest {

    @Test
    void theStoredCodesStayTheNumbersWebhookAndBroadcastRead() {
        assertThat(LocalError.CONNECT_FAILED.code()).isEqualTo(-1);
        assertThat(LocalError.NOT_SENT.code()).isEqualTo(-2);
        assertThat(LocalError.BREAKER_OPEN.code()).isEqualTo(-3);
        assertThat(LocalError.PARAMETER_MISSING.code()).isEqualTo(-4);
        assertThat(LocalError.OPTED_OUT.code()).isEqualTo(-5);
        assertThat(LocalError.TAKEN_OVER.code()).isEqualTo(-6);
        assertThat(LocalError.SHUTTING_DOWN.code()).isEqualTo(-7);
        assertThat(new LocalError.HttpStatusOnly(502).code()).isEqualTo(-502);
    }

    @Test
    void aStoredCodeReadsBackAsItsCase() {
        assertThat(LocalError.of(-1)).contains(LocalError.CONNECT_FAILED);
        assertThat(LocalError.of(-2)).contains(LocalError.NOT_SENT);
        assertThat(LocalError.of(-3)).contains(LocalError.BREAKER_OPEN);
        assertThat(LocalError.of(-4)).contains(LocalError.PARAMETER_MISSING);
        assertThat(LocalError.of(-5)).contains(LocalError.OPTED_OUT);
        assertThat(LocalError.of(-6)).contains(LocalError.TAKEN_OVER);
        assertThat(LocalError.of(-7)).contains(LocalError.SHUTTING_DOWN);
        assertThat(LocalError.of(-429)).contains(new LocalError.HttpStatusOnly(429));
    }

    @Test
    void metasCodesAndNoCodeAreNotLocal() {
        assertThat(LocalError.of(null)).isEqualTo(Optional.empty());
        assertThat(LocalError.of(0)).isEmpty();
        assertThat(LocalError.of(131050)).isEmpty();
        assertThat(LocalError.of(-50)).isEmpty();
    }

    @Test
    void onlyAnHttpStatusMakesAnHttpStatusCode() {
        assertThatThrownBy(() -> new LocalError.HttpStatusOnly(42)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new LocalError.HttpStatusOnly(503).meaning()).contains("503");
    }

    @Test
    void anErrorAnswerWithoutMetasBodyCarriesTheStatusAsALocalCode() {
        assertThat(CloudApiError.classify(null, 502, "Bad Gateway").code()).isEqualTo(new LocalError.HttpStatusOnly(502).code());
    }
}
