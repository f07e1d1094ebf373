package dev.sandesh.broadcast.domain;

import dev.sandesh.contracts.OptOut;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class OptOutScopesTest {

    private static final Instant AT = Instant.parse("2026-11-25T08:00:00Z");

    @Test
    void aMarketingCampaignIsBlockedByMarketingAndAllOptOuts() {
        assertThat(OptOutScopes.blocking("MARKETING")).containsExactly("MARKETING", "ALL");
        assertThat(OptOutScopes.blocking("marketing")).containsExactly("MARKETING", "ALL");
    }

    @Test
    void aMarketingOptOutDoesNotBlockAUtilityOrAuthenticationCampaign() {
        assertThat(OptOutScopes.blocking("UTILITY")).containsExactly("ALL");
        assertThat(OptOutScopes.blocking("AUTHENTICATION")).containsExactly("ALL");
    }

    @Test
    void anOptOutIsKeyedByPhoneAndByBsuid() {
        OptOut both = new OptOut("919812345678", "IN.1234567", "106540352242922", OptOut.Scope.MARKETING,
                OptOut.Action.OPT_OUT, OptOut.Source.USER_PREFERENCES, AT);
        OptOut bsuidOnly = new OptOut(null, "US.13491208655302741918", null, null, OptOut.Action.OPT_OUT, OptOut.Source.USER_PREFERENCES, AT);

        assertThat(OptOutScopes.subjects(both)).containsExactly("+919812345678", "IN.1234567");
        assertThat(OptOutScopes.number(both)).isEqualTo("106540352242922");
        assertThat(OptOutScopes.subjects(bsuidOnly)).containsExactly("US.13491208655302741918");
        assertThat(OptOutScopes.number(bsuidOnly)).isEqualTo(OptOutScopes.EVERY_NUMBER);
        assertThat(bsuidOnly.scope()).isEqualTo(OptOut.Scope.MARKETING);
    }
}
