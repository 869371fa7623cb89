package org.modelgate.console.ssh.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Optional;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may log in: exactly the keys in the authorized keys file as it is at each login. */
class AuthorizedKeysTest {
    @TempDir
    Path dir;

    private Path file;
    private AuthorizedKeys keys;
    private PublickeyAuthenticator authenticator;

    @Test
    void aMissingFileLetsNobodyInAndSaysHowToAddAKey() {
        givenTheFile("authorized_keys");
        thenTheLoginProblemIs(file + " does not exist");
        thenRefused(newKey("ed25519"));
    }

    @Test
    void aFileWithoutKeysLetsNobodyIn() throws Exception {
        givenTheFile("authorized_keys");
        Files.writeString(file, "# operators' keys go here\n\n");
        thenTheLoginProblemIs(file + " holds no usable public key");
    }

    @Test
    void onlyTheListedKeysAreAcceptedAndAnAddedKeyWorksAtTheNextLogin() throws Exception {
        KeyPair operator = newKey("ed25519");
        KeyPair ecdsaOperator = newKey("EC");
        KeyPair stranger = newKey("ed25519");
        givenTheFile("authorized_keys");
        givenListed(operator);
        givenListed(ecdsaOperator);

        assertThat(keys.loginProblem()).isEmpty();
        assertThat(keys.usableKeys()).isEqualTo(2);
        thenAccepted(operator);
        thenAccepted(ecdsaOperator);
        thenRefused(stranger);

        givenListed(stranger);
        thenAccepted(stranger);
    }

    @Test
    void aRemovedKeyIsRefusedAtTheNextLogin() throws Exception {
        KeyPair operator = newKey("ed25519");
        KeyPair other = newKey("ed25519");
        givenTheFile("authorized_keys");
        givenListed(operator);
        givenListed(other);
        thenAccepted(operator);

        Files.writeString(file, PublicKeyEntry.toString(other.getPublic()) + "\n");

        thenRefused(operator);
        thenAccepted(other);
    }

    private void givenTheFile(String name) {
        file = dir.resolve(name);
        keys = new AuthorizedKeys(file);
        authenticator = keys.authenticator();
    }

    private void givenListed(KeyPair key) throws Exception {
        Files.writeString(file, PublicKeyEntry.toString(key.getPublic()) + " operator@test\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void thenTheLoginProblemIs(String why) {
        Optional<String> problem = keys.loginProblem();
        assertThat(problem).hasValueSatisfying(text -> assertThat(text)
                .startsWith("Nobody can log in over SSH: " + why)
                .contains("cat ~/.ssh/id_ed25519.pub >> " + file));
    }

    private void thenAccepted(KeyPair key) {
        assertThat(authenticator.authenticate("admin", key.getPublic(), null)).as("key accepted").isTrue();
    }

    private void thenRefused(KeyPair key) {
        assertThat(authenticator.authenticate("admin", key.getPublic(), null)).as("key refused").isFalse();
    }

    private static KeyPair newKey(String algorithm) {
        try {
            if (algorithm.equals("ed25519")) {
                return new net.i2p.crypto.eddsa.KeyPairGenerator().generateKeyPair();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            generator.initialize(256);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
