package dev.sandesh.broadcast.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AudienceScreenTest {

    private final AudienceScreen screen = new AudienceScreen(new PhoneNormaliser("IN"));

    private static AudienceEntry entry(String phone) {
        return new AudienceEntry(phone, List.of("Asha"), null);
    }

    private ScreenedAudience screen(Set<String> optedOut, String... phones) {
        return screen.normalise(java.util.Arrays.stream(phones).map(AudienceScreenTest::entry).toList()).screen(optedOut);
    }

    @Test
    void numbersInAnyCommonFormatBecomeE164WithTheirRegion() {
        ScreenedAudience audience = screen(Set.of(), "+91 98123 45678", "+44 7400 123456", "+1 (202) 555-0143", "+55 11 91234-5678");

        assertThat(audience.recipients()).extracting(ScreenedRecipient::phoneE164)
                .containsExactly("+919812345678", "+447400123456", "+12025550143", "+5511912345678");
        assertThat(audience.recipients()).extracting(ScreenedRecipient::country).containsExactly("IN", "GB", "US", "BR");
        assertThat(audience.rejected()).isEmpty();
    }

    @Test
    void numbersWithoutCountryCodeAreReadInTheDefaultRegion() {
        ScreenedAudience audience = screen(Set.of(), "98123 45678", "098123-45678");

        assertThat(audience.recipients().getFirst().phoneE164()).isEqualTo("+919812345678");
        assertThat(audience.recipients().getFirst().country()).isEqualTo("IN");
        assertThat(new AudienceScreen(new PhoneNormaliser("GB")).normalise(List.of(entry("07400 123456"))).screen(Set.of())
                .recipients().getFirst().phoneE164()).isEqualTo("+447400123456");
    }

    @Test
    void theSameNumberInAnotherFormatIsADuplicateOfTheFirst() {
        ScreenedAudience audience = screen(Set.of(), "+91 98123 45678", "+44 7400 123456", "098123 45678", "0091-9812345678");

        assertThat(audience.valid()).extracting(ScreenedRecipient::sequence).containsExactly(0L, 1L);
        assertThat(audience.rejected()).extracting(ScreenedRecipient::sequence).containsExactly(2L, 3L);
        assertThat(audience.rejected()).allSatisfy(r -> {
            assertThat(r.rejection()).isEqualTo(RejectionReason.DUPLICATE);
            assertThat(r.detail()).isEqualTo("same number as recipient 0");
            assertThat(r.phoneE164()).isEqualTo("+919812345678");
        });
    }

    @Test
    void unreadableOrImpossibleNumbersAreInvalidWithLibphonenumbersReason() {
        ScreenedAudience audience = screen(Set.of(), "12345", "not a phone", "", "+91 00000 00000", "+999 123456789");

        assertThat(audience.valid()).isEmpty();
        assertThat(audience.rejected()).allSatisfy(r -> {
            assertThat(r.rejection()).isEqualTo(RejectionReason.INVALID_NUMBER);
            assertThat(r.phoneE164()).isNull();
        });
        assertThat(audience.rejected()).extracting(ScreenedRecipient::detail).satisfiesExactly(
                d -> assertThat(d).startsWith("TOO_SHORT"),
                d -> assertThat(d).startsWith("NOT_A_NUMBER"),
                d -> assertThat(d).startsWith("EMPTY"),
                d -> assertThat(d).startsWith("INVALID_FOR_REGION"),
                d -> assertThat(d).startsWith("INVALID_COUNTRY_CODE"));
    }

    @Test
    void optedOutNumbersAreRejectedAndTheirRepeatsAreDuplicates() {
        ScreenedAudience audience = screen(Set.of("+919812345678"), "+91 98123 45678", "+44 7400 123456", "9812345678");

        assertThat(audience.recipients()).extracting(ScreenedRecipient::rejection)
                .containsExactly(RejectionReason.OPTED_OUT, null, RejectionReason.DUPLICATE);
        assertThat(audience.rejectedByReason()).containsEntry(RejectionReason.OPTED_OUT, 1)
                .containsEntry(RejectionReason.DUPLICATE, 1).containsEntry(RejectionReason.INVALID_NUMBER, 0);
    }

    @Test
    void theOptOutLookupIsAskedAboutEachValidNumberOnce() {
        AudienceScreen.Normalised normalised = screen.normalise(List.of(entry("+91 98123 45678"), entry("9812345678"), entry("junk"), entry("+447400123456")));

        assertThat(normalised.numbers()).containsExactly("+919812345678", "+447400123456");
    }

    @Test
    void parametersAndExternalIdsTravelWithTheRecipient() {
        ScreenedRecipient r = screen.normalise(List.of(new AudienceEntry("+919812345678", List.of("Asha", "20%"), "cust-1"))).screen(Set.of())
                .recipients().getFirst();

        assertThat(r.entry().parameters()).containsExactly("Asha", "20%");
        assertThat(r.entry().externalId()).isEqualTo("cust-1");
        assertThat(BatchPlanner.toRecipient(r).bodyParameters()).containsExactly("Asha", "20%");
    }

    @Test
    void anUnknownDefaultRegionIsRefused() {
        assertThatThrownBy(() -> new PhoneNormaliser("XX")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("XX");
    }
}
