package org.modelgate.security.keys.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.Signature;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.security.KeyFileException;
import org.modelgate.security.SigningKey;

/** Feature: the device's checkpoint key is made once, kept for the owner only, and signs what the audit log checks. */
class FileCheckpointSignerTest {
    @TempDir
    Path home;

    @Test
    void theKeyIsMadeOnFirstStartAndKeptAcrossStarts() throws Exception {
        Path file = home.resolve("etc/keys/device-signing.key.pem");
        FileCheckpointSigner first = new FileCheckpointSigner(file);
        FileCheckpointSigner second = new FileCheckpointSigner(file);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(file.getParent())).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(second.keyId()).isEqualTo(first.keyId()).hasSize(64);
        assertThat(second.keyId()).isEqualTo(SigningKey.fromPemFile(file).hint());
    }

    @Test
    void aSignatureVerifiesWithThePublicKey() throws Exception {
        FileCheckpointSigner signer = new FileCheckpointSigner(home.resolve("k.pem"));
        byte[] statement = "modelgate-audit-checkpoint/v1\n4\nabc\n2025-03-01T10:15:30.123Z\n".getBytes(StandardCharsets.UTF_8);

        Signature verifier = Signature.getInstance(signer.signatureAlgorithm());
        verifier.initVerify(signer.publicKey());
        verifier.update(statement);

        assertThat(signer.signatureAlgorithm()).isEqualTo("SHA256withECDSA");
        assertThat(verifier.verify(signer.sign(statement))).isTrue();
    }

    @Test
    void aKeyFileOthersMayReadIsRefused() throws Exception {
        Path file = SigningKey.generate().writePemFile(home.resolve("open.pem"));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        assertThatThrownBy(() -> new FileCheckpointSigner(file)).isInstanceOf(KeyFileException.class)
                .hasMessageContaining("group or others may access it").hasMessageContaining("chmod 600");
    }
}
