package org.modelgate.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Feature: a trust store folder loads into typed keys with roles and revocation, or fails naming the file. */
class TrustStoreTest {
    @TempDir
    Path trust;

    private KeyPair modelKey;
    private KeyPair bundleKey;

    @BeforeEach
    void givenAModelSignerAndABundleSigner() throws Exception {
        modelKey = TestKeys.generate("secp256r1");
        bundleKey = TestKeys.generate("secp256r1");
        TestKeys.writePublic(modelKey, trust.resolve("model-signer/acme.pem"));
        TestKeys.writePublic(bundleKey, trust.resolve("bundle-signer/release.pem"));
    }

    @Test
    void keysLoadWithTheirRoleIdAndHint() throws Exception {
        TrustStore store = TrustStore.load(trust);
        assertThat(store.keys()).extracting(TrustedKey::id, TrustedKey::role)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("release", KeyRole.BUNDLE_SIGNER),
                        org.assertj.core.groups.Tuple.tuple("acme", KeyRole.MODEL_SIGNER));
        String hint = new SigningKey(modelKey.getPrivate(), modelKey.getPublic()).hint();
        assertThat(store.withHint(hint)).singleElement().extracting(TrustedKey::id).isEqualTo("acme");
        assertThat(store.validKeys(KeyRole.MODEL_SIGNER)).singleElement().matches(TrustedKey::signsModels);
    }

    @Test
    void aKeyRevokedByIdOrHintIsFlaggedAndNotValid() throws Exception {
        String bundleHint = new SigningKey(bundleKey.getPrivate(), bundleKey.getPublic()).hint();
        Files.writeString(trust.resolve("revoked.txt"), "acme   # leaked\n\n" + bundleHint + "\n" + "ab".repeat(32) + "\n");
        TrustStore store = TrustStore.load(trust);
        assertThat(store.keys()).allMatch(TrustedKey::revoked);
        assertThat(store.validKeys(KeyRole.MODEL_SIGNER)).isEmpty();
        assertThat(store.validKeys(KeyRole.BUNDLE_SIGNER)).isEmpty();
    }

    @Test
    void aRevocationNamingNoKeyIsAnError() throws Exception {
        Files.writeString(trust.resolve("revoked.txt"), "acme-typo\n");
        assertThatThrownBy(() -> TrustStore.load(trust)).isInstanceOf(TrustStoreException.class)
                .hasMessageContaining("line 1").hasMessageContaining("acme-typo");
    }

    @Test
    void anUnknownRoleFolderIsAnError() throws Exception {
        Files.createDirectories(trust.resolve("model-signers"));
        assertThatThrownBy(() -> TrustStore.load(trust)).isInstanceOf(TrustStoreException.class)
                .hasMessageContaining("model-signers").hasMessageContaining("model-signer/, bundle-signer/");
    }

    @Test
    void aPrivateKeyInTheTrustStoreIsAnError() throws Exception {
        TestKeys.writePrivate(modelKey, trust.resolve("model-signer/oops.pem"));
        assertThatThrownBy(() -> TrustStore.load(trust)).isInstanceOf(TrustStoreException.class)
                .hasMessageContaining("oops.pem").hasMessageContaining("private key");
    }

    @Test
    void aFileThatIsNotPemIsAnError() throws Exception {
        Files.writeString(trust.resolve("model-signer/notes.pem"), "hello");
        assertThatThrownBy(() -> TrustStore.load(trust)).isInstanceOf(TrustStoreException.class)
                .hasMessageContaining("notes.pem").hasMessageContaining("no PEM block");
    }

    @Test
    void aNonEcKeyIsAnError() throws Exception {
        java.security.KeyPairGenerator rsa = java.security.KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        TestKeys.write(trust.resolve("model-signer/rsa.pem"), "PUBLIC KEY", rsa.generateKeyPair().getPublic().getEncoded());
        assertThatThrownBy(() -> TrustStore.load(trust)).isInstanceOf(TrustStoreException.class)
                .hasMessageContaining("rsa.pem").hasMessageContaining("not an EC public key");
    }

    @Test
    void theSameKeyTwiceInARoleIsAnError() throws Exception {
        TestKeys.writePublic(modelKey, trust.resolve("model-signer/acme-copy.pem"));
        assertThatThrownBy(() -> TrustStore.load(trust)).isInstanceOf(TrustStoreException.class)
                .hasMessageContaining("same key");
    }

    @Test
    void aMissingFolderIsAnError() {
        assertThatThrownBy(() -> TrustStore.load(trust.resolve("nope"))).isInstanceOf(TrustStoreException.class)
                .hasMessageContaining("does not exist");
    }
}
