package io.kith.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kith.error.KithException;
import org.junit.jupiter.api.Test;

class PasswordsTest {
    private final Passwords passwords = new Passwords(1024, 1, 1); // cheap for the test; the hash carries its parameters

    @Test
    void aPasswordVerifiesAgainstItsHashAndNothingElseDoes() {
        String hash = passwords.hash("correct horse battery");
        assertThat(hash).startsWith("$argon2id$v=19$m=1024,t=1,p=1$").doesNotContain("correct");
        assertThat(passwords.verify("correct horse battery", hash)).isTrue();
        assertThat(passwords.verify("correct horse batterY", hash)).isFalse();
        assertThat(passwords.verify("", hash)).isFalse();
    }

    @Test
    void theSameSaltIsNeverUsedTwice() {
        assertThat(passwords.hash("same password!")).isNotEqualTo(passwords.hash("same password!"));
    }

    @Test
    void aHashMadeWithOtherParametersStillVerifies() {
        String strong = Passwords.DEFAULT.hash("a long passphrase");
        assertThat(strong).contains("$m=19456,t=2,p=1$");
        assertThat(passwords.verify("a long passphrase", strong)).isTrue();
    }

    @Test
    void anUnreadableOrTamperedHashVerifiesNothing() {
        String hash = passwords.hash("a long passphrase");
        assertThat(passwords.verify("a long passphrase", hash.replace("argon2id", "argon2i"))).isFalse();
        assertThat(passwords.verify("a long passphrase", hash.replace("m=1024", "m=1025"))).isFalse();
        assertThat(passwords.verify("a long passphrase", "plain text")).isFalse();
        assertThat(passwords.verify("a long passphrase", null)).isFalse();
        assertThat(passwords.verify("x", "$argon2id$v=19$m=1,t=1,p=1$AAAA$AAAA")).isFalse();
    }

    @Test
    void weakPasswordsAreRefusedAndGeneratedOnesAreStrong() {
        assertThatThrownBy(() -> Passwords.requireStrong("short", "ann")).isInstanceOf(KithException.class).hasMessageContaining("12 characters");
        assertThatThrownBy(() -> Passwords.requireStrong("ann-is-my-name", "ann")).isInstanceOf(KithException.class).hasMessageContaining("user name");
        String g = Passwords.generate();
        assertThat(g).hasSize(20).matches("[a-zA-Z0-9]+");
        Passwords.requireStrong(g, "ann");
    }
}
