package org.modelgate.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.Operator;
import org.modelgate.audit.AuditEntry;
import org.modelgate.audit.internal.AuditLogService;
import org.modelgate.security.KeyRole;
import org.modelgate.security.ModelSignatureException;
import org.modelgate.security.ModelSignatures;
import org.modelgate.security.SignedModelFixture;
import org.modelgate.security.SigningKey;
import org.modelgate.security.TestKeys;
import org.modelgate.security.TrustStoreException;
import org.modelgate.security.TrustedKey;

/**
 * Feature: operators rotate and revoke signing keys on a running gateway; every change is on disk at
 * once, counts at the next verification, and lands in the audit log with who made it.
 */
class TrustStoreAdministrationTest {
    private static final String ALICE = "alice (ssh key SHA256:abc, alice@laptop)";

    @TempDir
    Path base;
    private SignedModelFixture model;
    private TrustStoreFiles admin;
    private AuditLogService audit;

    @BeforeEach
    void givenAGatewayTrustingOneModelSigner() throws Exception {
        model = SignedModelFixture.create(base).signed();
        audit = new AuditLogService();
        Method activate = AuditLogService.class.getDeclaredMethod("activate", configType());
        activate.setAccessible(true);
        Path file = base.resolve("data/audit.log");
        activate.invoke(audit, Proxy.newProxyInstance(configType().getClassLoader(), new Class<?>[] {configType()},
                (proxy, method, args) -> method.getName().equals("file") ? file.toString()
                        : method.getName().equals("annotationType") ? configType() : method.getDefaultValue()));
        admin = new TrustStoreFiles(model.trustDir);
        admin.audit = audit;
    }

    @AfterEach
    void stopTheAuditLog() throws Exception {
        Method deactivate = AuditLogService.class.getDeclaredMethod("deactivate");
        deactivate.setAccessible(true);
        deactivate.invoke(audit);
    }

    @Test
    void aSignerRotatesItsKeyWithoutAFlagDay() throws Exception {
        KeyPair next = TestKeys.generate("secp256r1");

        TrustedKey added = Operator.call(ALICE, () -> add(KeyRole.MODEL_SIGNER, "acme-2027", next));
        assertThat(admin.current().validKeys(KeyRole.MODEL_SIGNER)).extracting(TrustedKey::id)
                .containsExactlyInAnyOrder("acme-2026", "acme-2027");
        assertThat(model.verifier().verify(model.folder).signer().id()).as("the old key still verifies").isEqualTo("acme-2026");
        ModelSignatures.signer(new SigningKey(next.getPrivate(), next.getPublic())).sign(model.folder);
        assertThat(model.verifier().verify(model.folder).signer().id()).isEqualTo("acme-2027");

        Operator.call(ALICE, () -> revoke("acme-2026"));
        ModelSignatures.signer(model.signingKey).sign(model.folder);
        ModelSignatureException refused = model.refusal();

        assertThat(refused.getMessage()).contains("revoked");
        assertThat(added.hint()).isEqualTo(EcKeys.hint(next.getPublic()));
        List<AuditEntry> entries = audit.tail(10);
        assertThat(entries).extracting(AuditEntry::action, AuditEntry::subject, AuditEntry::actor).containsExactly(
                org.assertj.core.groups.Tuple.tuple("trust.key.added", "model-signer/acme-2027", ALICE),
                org.assertj.core.groups.Tuple.tuple("trust.key.revoked", "acme-2026", ALICE));
        assertThat(entries.get(1).details()).containsEntry("hint", EcKeys.hint(model.keyPair.getPublic()));
        assertThat(audit.verify().ok()).isTrue();
    }

    @Test
    void aBundleSignerMayBeAnRsaKey() throws Exception {
        TrustedKey added = admin.add(KeyRole.BUNDLE_SIGNER, "vendor-rsa", pem("PUBLIC KEY", TestKeysRsa.publicDer()));

        assertThat(added.publicKey().getAlgorithm()).isEqualTo("RSA");
        assertThat(admin.current().validKeys(KeyRole.BUNDLE_SIGNER)).extracting(TrustedKey::id).containsExactly("vendor-rsa");
    }

    @Test
    void aRevokedKeyStaysRevokedAfterItsFileIsRemoved() throws Exception {
        String hint = EcKeys.hint(model.keyPair.getPublic());
        admin.revoke("acme-2026");
        admin.remove(KeyRole.MODEL_SIGNER, "acme-2026");
        TestKeys.writePublic(model.keyPair, model.trustDir.resolve("model-signer/renamed.pem"));

        assertThat(admin.current().keys()).singleElement().satisfies(k -> {
            assertThat(k.id()).isEqualTo("renamed");
            assertThat(k.revoked()).as("revoked by hint, not by file name").isTrue();
        });
        assertThat(Files.readString(model.trustDir.resolve("revoked.txt"))).startsWith(hint + "  # acme-2026, revoked ");
        assertThat(audit.tail(10)).extracting(AuditEntry::action, AuditEntry::actor).containsExactly(
                org.assertj.core.groups.Tuple.tuple("trust.key.revoked", "modelgate"),
                org.assertj.core.groups.Tuple.tuple("trust.key.removed", "modelgate"));
    }

    @Test
    void mistakesAreRefusedWithTheReasonAndChangeNothing() throws Exception {
        KeyPair other = TestKeys.generate("secp256r1");
        List<String> before = listing();

        thenRefused(() -> add(KeyRole.MODEL_SIGNER, "acme-2026", other), "a key named 'acme-2026' is already in model-signer/");
        thenRefused(() -> add(KeyRole.MODEL_SIGNER, "copy", model.keyPair), "this key is already in model-signer/ as 'acme-2026'");
        thenRefused(() -> add(KeyRole.MODEL_SIGNER, "../escape", other), "key name '../escape' must be letters");
        thenRefused(() -> admin.add(KeyRole.MODEL_SIGNER, "private", pem("PRIVATE KEY", other.getPrivate().getEncoded())),
                "holds a private key");
        thenRefused(() -> admin.add(KeyRole.MODEL_SIGNER, "junk", "not a key"), "the key to add");
        thenRefused(() -> admin.add(KeyRole.MODEL_SIGNER, "rsa", pem("PUBLIC KEY", TestKeysRsa.publicDer())), "not an EC public key");
        thenRefused(() -> admin.revoke("nobody"), "no key named 'nobody'");
        thenRefused(() -> admin.remove(KeyRole.BUNDLE_SIGNER, "acme-2026"), "no key 'acme-2026' in bundle-signer/");
        admin.revoke("acme-2026");
        thenRefused(() -> admin.revoke("acme-2026"), "'acme-2026' is already revoked");

        assertThat(listing()).containsExactlyElementsOf(plus(before, "revoked.txt"));
        assertThat(audit.tail(10)).extracting(AuditEntry::action).containsExactly("trust.key.revoked");
    }

    @Test
    void aWriteCutShortByAPowerCutLeavesAFileTheStoreIgnores() throws Exception {
        Files.writeString(model.trustDir.resolve("model-signer/.acme-2027.pem.tmp"), "-----BEGIN PUBLIC KEY-----\nhalf");
        Files.writeString(model.trustDir.resolve(".revoked.txt.tmp"), "");

        assertThat(admin.current().keys()).extracting(TrustedKey::id).containsExactly("acme-2026");
        add(KeyRole.MODEL_SIGNER, "acme-2027", TestKeys.generate("secp256r1"));
        assertThat(Files.exists(model.trustDir.resolve("model-signer/.acme-2027.pem.tmp"))).as("replaced by the rename").isFalse();
        assertThat(model.verifier().verify(model.folder).signer().id()).isEqualTo("acme-2026");
    }

    private TrustedKey add(KeyRole role, String name, KeyPair pair) {
        try {
            return admin.add(role, name, pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        } catch (TrustStoreException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<TrustedKey> revoke(String name) {
        try {
            return admin.revoke(name);
        } catch (TrustStoreException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void thenRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable change, String reason) {
        assertThatThrownBy(change).satisfiesAnyOf(
                e -> assertThat(e).isInstanceOf(TrustStoreException.class).hasMessageContaining(reason),
                e -> assertThat(e).isInstanceOf(IllegalStateException.class).cause()
                        .isInstanceOf(TrustStoreException.class).hasMessageContaining(reason));
    }

    private List<String> listing() throws Exception {
        try (var files = Files.walk(model.trustDir)) {
            return files.map(p -> model.trustDir.relativize(p).toString()).sorted().toList();
        }
    }

    private static List<String> plus(List<String> list, String more) {
        java.util.ArrayList<String> all = new java.util.ArrayList<>(list);
        all.add(more);
        all.sort(null);
        return all;
    }

    private static String pem(String type, byte[] der) {
        return PemFile.format(type, der);
    }

    private static Class<?> configType() throws ClassNotFoundException {
        return Class.forName("org.modelgate.audit.internal.AuditLogConfig");
    }

    /** An RSA public key: a type the trust store does not take for signing models. */
    private static final class TestKeysRsa {
        static byte[] publicDer() throws Exception {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair().getPublic().getEncoded();
        }
    }
}
