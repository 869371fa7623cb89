package org.modelgate.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feature: signing keys load from the PEM forms OpenSSL writes, or fail saying what to do. */
class SigningKeyTest {
    @TempDir
    Path dir;

    @Test
    void aSec1KeyLoadsAndItsHintMatchesOpenSsl() throws Exception {
        SigningKey key = SigningKey.fromPemFile(GoldenSignatureTest.golden("test-signing-key-sec1.pem"));
        // sha256 of `openssl ec -in test-signing-key-sec1.pem -pubout`
        assertThat(key.hint()).isEqualTo("009f5f610c14e1b81afb9efacaa12b4031692548f3f697a5fa3f6f9199a039f9");
    }

    @Test
    void aPkcs8KeyDerivesTheSamePublicKeyAsTheGenerator() throws Exception {
        var pair = TestKeys.generate("secp256r1");
        SigningKey key = SigningKey.fromPemFile(TestKeys.writePrivate(pair, dir.resolve("k.pem")));
        assertThat(key.publicKey().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
    }

    @Test
    void anEncryptedKeyIsRefusedWithAHowTo() throws Exception {
        Files.writeString(dir.resolve("enc.pem"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertThatThrownBy(() -> SigningKey.fromPemFile(dir.resolve("enc.pem"))).isInstanceOf(KeyFileException.class)
                .hasMessageContaining("encrypted").hasMessageContaining("openssl pkey");
    }

    @Test
    void aPublicKeyIsNotASigningKey() throws Exception {
        Path pub = TestKeys.writePublic(TestKeys.generate("secp256r1"), dir.resolve("pub.pem"));
        assertThatThrownBy(() -> SigningKey.fromPemFile(pub)).isInstanceOf(KeyFileException.class)
                .hasMessageContaining("holds no private key");
    }

    @Test
    void anRsaKeyIsRefused() throws Exception {
        java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        Path file = TestKeys.write(dir.resolve("rsa.pem"), "PRIVATE KEY", rsa.generateKeyPair().getPrivate().getEncoded());
        assertThatThrownBy(() -> SigningKey.fromPemFile(file)).isInstanceOf(KeyFileException.class)
                .hasMessageContaining("not an EC private key");
    }

    @Test
    void aMissingFileIsRefused() {
        assertThatThrownBy(() -> SigningKey.fromPemFile(dir.resolve("none.pem"))).isInstanceOf(KeyFileException.class)
                .hasMessageContaining("none.pem");
    }
}
