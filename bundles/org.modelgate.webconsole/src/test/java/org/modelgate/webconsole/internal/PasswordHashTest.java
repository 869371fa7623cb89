package org.modelgate.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** PBKDF2 password hashes: what matches, and how a bad stored hash is reported. */
class PasswordHashTest {
    private static final int FAST = PasswordHash.MIN_ITERATIONS;

    @Test
    void theHashedPasswordMatchesAndNoOtherDoes() {
        PasswordHash hash = PasswordHash.of("correct horse battery".toCharArray(), FAST);

        assertThat(hash.matches("correct horse battery".toCharArray())).isTrue();
        assertThat(hash.matches("correct horse batterY".toCharArray())).isFalse();
        assertThat(hash.matches("".toCharArray())).isFalse();
    }

    @Test
    void theTextFormReadsBackToTheSameHashWithoutThePassword() {
        PasswordHash hash = PasswordHash.of("correct horse battery".toCharArray(), FAST);

        String encoded = hash.encoded();

        assertThat(encoded).startsWith("pbkdf2-sha256:10000:").doesNotContain("correct");
        assertThat(PasswordHash.parse(encoded)).isEqualTo(hash);
        assertThat(PasswordHash.parse(encoded).matches("correct horse battery".toCharArray())).isTrue();
        assertThat(hash.toString()).doesNotContain(encoded.substring(encoded.lastIndexOf(':') + 1));
    }

    @Test
    void twoHashesOfOnePasswordDifferByTheirSalt() {
        PasswordHash first = PasswordHash.of("same password".toCharArray(), FAST);
        PasswordHash second = PasswordHash.of("same password".toCharArray(), FAST);

        assertThat(first.salt()).isNotEqualTo(second.salt());
        assertThat(first.hash()).isNotEqualTo(second.hash());
    }

    @Test
    void aNewHashUsesOwaspsIterationCount() {
        assertThat(PasswordHash.DEFAULT_ITERATIONS).isEqualTo(600_000);
    }

    @Test
    void badTextSaysWhatIsWrongWithoutRepeatingIt() {
        String salt = Base64.getEncoder().encodeToString(new byte[16]);
        String hash = Base64.getEncoder().encodeToString(new byte[32]);

        assertThatThrownBy(() -> PasswordHash.parse("secret")).hasMessage("expected pbkdf2-sha256:ITERATIONS:SALT:HASH, got 1 fields");
        assertThatThrownBy(() -> PasswordHash.parse("{sha-256}abc:1:2:3")).hasMessage("unknown hash scheme (only pbkdf2-sha256 is supported)");
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256:many:" + salt + ":" + hash)).hasMessage("the iteration count is not a number");
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256:1000:" + salt + ":" + hash))
                .hasMessage("iterations must be between 10000 and 10000000, got 1000");
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256:10000:!!:" + hash)).hasMessage("the salt is not base64");
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256:10000:" + salt + ":AAAA"))
                .hasMessage("the hash must have 32 bytes, got 3");
        assertThatThrownBy(() -> PasswordHash.parse("pbkdf2-sha256:10000:AAAA:" + hash))
                .hasMessage("the salt must have at least 8 bytes, got 3");
    }
}
