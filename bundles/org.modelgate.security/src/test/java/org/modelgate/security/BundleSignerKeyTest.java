package org.modelgate.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feature: bundle signers may hold RSA keys (what jarsigner often signs with); model signers stay EC only. */
class BundleSignerKeyTest {
    @TempDir
    Path trust;

    @Test
    void anRsaKeyOf2048BitsIsATrustedBundleSigner() throws Exception {
        PublicKey rsa = givenRsaKey(2048);
        TestKeys.write(trust.resolve("bundle-signer/vendor.pem"), "PUBLIC KEY", rsa.getEncoded());

        TrustStore store = TrustStore.load(trust);

        assertThat(store.validKeys(KeyRole.BUNDLE_SIGNER)).singleElement()
                .satisfies(k -> assertThat(k.publicKey()).isEqualTo(rsa))
                .satisfies(k -> assertThat(k.hint()).hasSize(64))
                .satisfies(k -> assertThat(k.signsModels()).isFalse());
    }

    @Test
    void anEcKeyIsStillABundleSigner() throws Exception {
        TestKeys.writePublic(TestKeys.generate("secp256r1"), trust.resolve("bundle-signer/release.pem"));

        assertThat(TrustStore.load(trust).validKeys(KeyRole.BUNDLE_SIGNER)).hasSize(1);
    }

    @Test
    void aWeakRsaKeyIsRefusedNamingTheFile() throws Exception {
        TestKeys.write(trust.resolve("bundle-signer/weak.pem"), "PUBLIC KEY", givenRsaKey(1024).getEncoded());

        assertThatThrownBy(() -> TrustStore.load(trust)).isInstanceOf(TrustStoreException.class)
                .hasMessageContaining("weak.pem").hasMessageContaining("1024-bit RSA key");
    }

    @Test
    void anRsaKeyStaysRefusedAsAModelSigner() throws Exception {
        TestKeys.write(trust.resolve("model-signer/rsa.pem"), "PUBLIC KEY", givenRsaKey(2048).getEncoded());

        assertThatThrownBy(() -> TrustStore.load(trust)).isInstanceOf(TrustStoreException.class)
                .hasMessageContaining("not an EC public key");
    }

    @Test
    void garbageInBundleSignerIsNamedAsNeitherKind() throws Exception {
        TestKeys.write(trust.resolve("bundle-signer/junk.pem"), "PUBLIC KEY", new byte[] {0x30, 0x03, 0x02, 0x01, 0x01});

        assertThatThrownBy(() -> TrustStore.load(trust)).isInstanceOf(TrustStoreException.class)
                .hasMessageContaining("junk.pem").hasMessageContaining("neither an EC").hasMessageContaining("nor an RSA");
    }

    private static PublicKey givenRsaKey(int bits) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair().getPublic();
    }
}
