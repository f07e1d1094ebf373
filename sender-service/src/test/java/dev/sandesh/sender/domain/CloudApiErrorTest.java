package dev.sandesh.sender.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CloudApiErrorTest {

    @ParameterizedTest(name = "code {0} is {1}")
    @CsvSource({
            "130429, Throughput", "4, Throughput", "80007, Throughput",
            "131056, PairRate",
            "1, Transient", "2, Transient", "131000, Transient", "131016, Transient", "133004, Transient",
            "131057, Maintenance",
            "131049, PerUserCap",
            "131048, SpamOrQuality",
            "131026, RecipientPermanent", "131050, RecipientPermanent", "130403, RecipientPermanent",
            "130472, RecipientPermanent", "131021, RecipientPermanent",
            "132000, TemplateProblem", "132001, TemplateProblem", "132005, TemplateProblem", "132007, TemplateProblem",
            "132012, TemplateProblem", "132015, TemplateOnHold", "132016, TemplateOnHold", "134101, TemplateOnHold",
            "131055, TemplateProblem", "134100, TemplateProblem", "132018, BadRequest",
            "131063, TemplateProblem", "131064, TemplateProblem",
            "0, AuthOrAccount", "3, AuthOrAccount", "10, AuthOrAccount", "190, AuthOrAccount", "200, AuthOrAccount",
            "250, AuthOrAccount", "299, AuthOrAccount", "368, AuthOrAccount", "131031, AuthOrAccount",
            "130497, RecipientPermanent", "131042, AuthOrAccount", "131045, AuthOrAccount", "133010, AuthOrAccount",
            "100, BadRequest", "131008, BadRequest", "131009, BadRequest", "131051, BadRequest", "135000, BadRequest",
    })
    void everyDocumentedCodeHasItsClass(int code, String expectedClass) {
        CloudApiError error = CloudApiError.classify(code, 400, "title");

        assertThat(error.getClass().getSimpleName()).isEqualTo(expectedClass);
        assertThat(error.code()).isEqualTo(code);
        assertThat(error.title()).isEqualTo("title");
    }

    @Test
    void theCodeDecidesNotTheHttpStatus() {
        // Old tables listed 130429 as 400 in one place and 429 in another.
        assertThat(CloudApiError.classify(130429, 400, "t")).isInstanceOf(CloudApiError.Throughput.class);
        assertThat(CloudApiError.classify(130429, 429, "t")).isInstanceOf(CloudApiError.Throughput.class);
        // A permanent code stays permanent even behind a 500.
        assertThat(CloudApiError.classify(131026, 500, "t")).isInstanceOf(CloudApiError.RecipientPermanent.class);
    }

    @Test
    void withoutAMetaCodeTheStatusIsAFallbackWithANegativeLocalCode() {
        assertThat(CloudApiError.classify(null, 503, "HTTP 503"))
                .isEqualTo(new CloudApiError.Transient(-503, "HTTP 503"));
        assertThat(CloudApiError.classify(null, 429, "HTTP 429"))
                .isEqualTo(new CloudApiError.Throughput(-429, "HTTP 429"));
        assertThat(CloudApiError.classify(null, 404, "HTTP 404"))
                .isEqualTo(new CloudApiError.Unrecognised(-404, "HTTP 404"));
    }

    @Test
    void anUnknownCodeIsRetriedOnlyBehindAServerError() {
        assertThat(CloudApiError.classify(999_999, 500, "t")).isInstanceOf(CloudApiError.Transient.class);
        assertThat(CloudApiError.classify(999_999, 400, "t")).isInstanceOf(CloudApiError.Unrecognised.class);
    }

    @Test
    void aConnectionThatNeverOpenedIsTransient() {
        CloudApiError error = CloudApiError.connectFailed("ConnectException");

        assertThat(error).isInstanceOf(CloudApiError.Transient.class);
        assertThat(error.code()).isEqualTo(LocalError.CONNECT_FAILED.code());
    }
}
