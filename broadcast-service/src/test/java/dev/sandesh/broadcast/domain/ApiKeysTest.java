package dev.sandesh.broadcast.domain;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiKeysTest {

    @Test
    void aPlainKeyInConfigAcceptsThatKey() {
        ApiKeys keys = ApiKeys.parse(List.of("sandesh-dev-key"));

        assertThat(keys.match("sandesh-dev-key")).hasValueSatisfying(k -> assertThat(k.unrestricted()).isTrue());
        assertThat(keys.match("sandesh-dev-key ")).as("compared exactly").isEmpty();
        assertThat(keys.match("SANDESH-DEV-KEY")).isEmpty();
    }

    @Test
    void aHashedKeyAcceptsTheKeyWhoseHashItIsNotTheHashItself() {
        String hashed = ApiKeys.hashed("s3cret");
        ApiKeys keys = ApiKeys.parse(List.of(hashed));

        // what the README's `printf %s "$KEY" | sha256sum` gives
        assertThat(hashed).isEqualTo("sha256:1ec1c26b50d5d3c58d9583181af8076655fe00756bf7285940ba3670f99fcba0");
        assertThat(keys.match("s3cret")).isPresent();
        assertThat(keys.match(hashed)).isEmpty();
    }

    @Test
    void theHashPrefixAndHexDigitsAreReadInEitherCase() {
        String hex = ApiKeys.hashed("s3cret").substring("sha256:".length());

        assertThat(ApiKeys.parse(List.of("SHA256:" + hex.toUpperCase())).match("s3cret")).isPresent();
    }

    @Test
    void aScopedKeyMayActOnlyForItsNumbers() {
        ApiKeys keys = ApiKeys.parse(List.of(ApiKeys.hashed("partner") + "@999000111|999000222", "ops@ 106540352242922 "));

        ApiKeys.Key partner = keys.match("partner").orElseThrow();
        assertThat(partner.unrestricted()).isFalse();
        assertThat(partner.allows("999000111")).isTrue();
        assertThat(partner.allows("999000222")).isTrue();
        assertThat(partner.allows("106540352242922")).isFalse();
        assertThat(keys.match("ops").orElseThrow().phoneNumberIds()).containsExactly("106540352242922");
    }

    @Test
    void anUnscopedKeyMayActForEveryNumber() {
        ApiKeys.Key key = ApiKeys.parse(List.of("ops")).match("ops").orElseThrow();

        assertThat(key.allows("106540352242922")).isTrue();
        assertThat(key.allows("anything")).isTrue();
    }

    @Test
    void onlyTheLastAtSignStartsTheScope() {
        ApiKeys keys = ApiKeys.parse(List.of("team@example@999000111"));

        assertThat(keys.match("team@example")).hasValueSatisfying(k -> assertThat(k.phoneNumberIds()).containsExactly("999000111"));
    }

    @Test
    void spacesAroundEntriesSecretsAndScopesAreIgnoredAndBlankEntriesSkipped() {
        ApiKeys keys = ApiKeys.parse(List.of("  ops  ", "", "   ", "partner @ 999000111 | 999000222 "));

        assertThat(keys.size()).isEqualTo(2);
        assertThat(keys.match("ops")).isPresent();
        assertThat(keys.match("partner")).hasValueSatisfying(k -> assertThat(k.phoneNumberIds()).containsExactlyInAnyOrder("999000111", "999000222"));
    }

    @Test
    void noKeyOrAnUnknownKeyMatchesNothing() {
        ApiKeys keys = ApiKeys.parse(List.of("ops"));

        assertThat(keys.match(null)).isEmpty();
        assertThat(keys.match("")).isEmpty();
        assertThat(keys.match("not-ops")).isEmpty();
        assertThat(ApiKeys.parse(List.of()).match("ops")).isEmpty();
    }

    @Test
    void aMalformedEntryStopsStartupWithoutEchoingTheSecret() {
        assertThatThrownBy(() -> ApiKeys.parse(List.of("sha256:abc123")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 hex digits").hasMessageNotContaining("abc123");
        assertThatThrownBy(() -> ApiKeys.parse(List.of("my-secret@")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without phone number ids").hasMessageNotContaining("my-secret");
        assertThatThrownBy(() -> ApiKeys.parse(List.of("my-secret@ | ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without phone number ids");
    }

    @Test
    void aNamedKeyIsKnownByItsNameAndAnUnnamedOneByItsHashPrefix() {
        ApiKeys keys = ApiKeys.parse(List.of("ops=secret-one@111|222", "secret-two", ApiKeys.hashed("secret-three")));

        assertThat(keys.match("secret-one")).get().satisfies(k -> {
            assertThat(k.name()).isEqualTo("ops");
            assertThat(k.phoneNumberIds()).isEqualTo(Set.of("111", "222"));
        });
        assertThat(keys.match("secret-two")).get().extracting(ApiKeys.Key::name).asString()
                .startsWith("key-").hasSize(16).doesNotContain("secret");
        assertThat(keys.match("secret-three")).get().extracting(ApiKeys.Key::name)
                .isEqualTo("key-" + ApiKeys.hashed("secret-three").substring("sha256:".length(), "sha256:".length() + 12));
        assertThat(keys.match("ops=secret-one")).isEmpty();
        assertThat(keys.match("nope")).isEmpty();
    }

    @Test
    void base64PaddingIsPartOfTheKeyNotAName() {
        ApiKeys keys = ApiKeys.parse(List.of("c2VjcmV0=="));

        assertThat(keys.match("c2VjcmV0==")).isPresent();
    }

    @Test
    void twoKeysOfTheSameNameAreRefused() {
        assertThatThrownBy(() -> ApiKeys.parse(List.of("ops=a-key", "ops=another-key"))).hasMessageContaining("ops")
                .hasMessageNotContaining("a-key");
    }
}
