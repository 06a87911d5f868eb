package io.kith.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.kith.identity.IdentityRules;
import io.kith.identity.IdentityRulesStore;
import org.junit.jupiter.api.Test;

/** What every {@link IdentityRulesStore} must do; a store's test extends this. */
public abstract class IdentityRulesStoreContract {
    /** The rules store of a new, empty store. */
    protected abstract IdentityRulesStore newStore();

    /** The same store, opened again. */
    protected abstract IdentityRulesStore reopen();

    @Test
    void rulesAreVersionedAndTheSameRulesAreNotSavedTwice() {
        IdentityRulesStore s = newStore();
        assertThat(s.current()).isEqualTo(IdentityRulesStore.Versioned.NONE);
        String defaults = IdentityRules.defaults().json();
        assertThat(s.save(defaults)).isEqualTo(new IdentityRulesStore.Versioned(defaults, 1));
        assertThat(s.save(defaults).version()).isEqualTo(1);
        String other = IdentityRules.withOverrides(new java.io.ByteArrayInputStream("{\"giantProfileIdentifiers\":80}".getBytes()), "t").json();
        assertThat(other).isNotEqualTo(defaults);
        assertThat(s.save(other).version()).isEqualTo(2);
        assertThat(s.save(defaults).version()).isEqualTo(3); // going back is a change too
        IdentityRulesStore again = reopen();
        assertThat(again.current()).isEqualTo(new IdentityRulesStore.Versioned(defaults, 3));
        // What is kept reads back as the same rules.
        assertThat(IdentityRules.fromJson(again.current().json(), "stored").json()).isEqualTo(defaults);
    }
}
