package org.modelgate.deploy.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.BundleRefusedException;
import org.modelgate.api.BundleRefusedException.Reason;
import org.modelgate.security.TrustStore;

/**
 * Feature: a bundle jar is accepted only when jarsigner signed every entry of it, with one key that is a
 * valid bundle-signer key of the trust store, and nothing changed since; anything else is refused with a
 * reason that says what is wrong.
 */
class JarVerificationTest {
    private static final String LABELS = "org/example/vendor/labels.txt";

    @TempDir
    static Path shared;
    private static Signers signers;

    @TempDir
    Path work;
    private Path jar;
    private VerifiedJar verified;

    @BeforeAll
    static void givenSignersAndATrustStore() throws Exception {
        signers = new Signers(shared);
    }

    @Test
    void aJarSignedByATrustedEcSignerIsAccepted() throws Exception {
        givenSigned(TestJars.bundle("org.example.camera", "2.1.0"), signers.acme);
        whenVerified();
        assertThat(verified.symbolicName()).isEqualTo("org.example.camera");
        assertThat(verified.version()).isEqualTo("2.1.0");
        assertThat(verified.signer()).isEqualTo("CN=acme,O=Modelgate Tests");
        assertThat(verified.key().id()).isEqualTo("acme");
        assertThat(verified.entries()).isEqualTo(2);
        assertThat(verified.fragment()).isFalse();
    }

    @Test
    void aJarSignedByATrustedRsaSignerIsAccepted() throws Exception {
        givenSigned(TestJars.bundle("org.example.camera", "2.1.0", "Bundle-SymbolicName", "org.example.camera;singleton:=true",
                "Fragment-Host", "org.example.host"), signers.rsaVendor);
        whenVerified();
        assertThat(verified.key().id()).isEqualTo("rsa-vendor");
        assertThat(verified.symbolicName()).as("directives stripped").isEqualTo("org.example.camera");
        assertThat(verified.fragment()).isTrue();
    }

    @Test
    void anUnsignedJarIsRefused() throws Exception {
        jar = TestJars.write(work.resolve("plain.jar"), TestJars.bundle("org.example.camera", "1.0.0"));
        thenRefused(Reason.NOT_SIGNED).hasMessageContaining("plain.jar refused: not signed");
    }

    @Test
    void anEntryChangedAfterSigningIsRefused() throws Exception {
        givenSigned(TestJars.bundle("org.example.camera", "1.0.0"), signers.acme);
        jar = TestJars.replaceEntry(jar, work.resolve("tampered.jar"), LABELS, "cat\nmouse\n".getBytes(StandardCharsets.UTF_8));
        thenRefused(Reason.TAMPERED).hasMessageEndingWith("refused: entry " + LABELS + " was changed after signing");
    }

    @Test
    void anEntryAddedAfterSigningIsRefused() throws Exception {
        givenSigned(TestJars.bundle("org.example.camera", "1.0.0"), signers.acme);
        jar = TestJars.rewrite(jar, work.resolve("added.jar"), (name, bytes) -> bytes,
                Map.of("org/example/vendor/Backdoor.class", new byte[] {1, 2, 3}));
        thenRefused(Reason.UNSIGNED_ENTRY).hasMessageEndingWith("entry org/example/vendor/Backdoor.class is not signed (added after signing)");
    }

    @Test
    void anEntryRemovedAfterSigningIsRefused() throws Exception {
        givenSigned(TestJars.bundle("org.example.camera", "1.0.0"), signers.acme);
        jar = TestJars.rewrite(jar, work.resolve("removed.jar"), (name, bytes) -> name.equals(LABELS) ? null : bytes, Map.of());
        thenRefused(Reason.MISSING_ENTRY).hasMessageContaining("entry " + LABELS + " was signed but is missing");
    }

    @Test
    void anEntryRemovedWithItsManifestSectionIsRefused() throws Exception {
        givenSigned(TestJars.bundle("org.example.camera", "1.0.0"), signers.acme);
        jar = TestJars.rewrite(jar, work.resolve("removed.jar"), (name, bytes) -> name.equals(LABELS) ? null
                : name.equals("META-INF/MANIFEST.MF") ? withoutSection(bytes, LABELS) : bytes, Map.of());
        thenRefused(Reason.MISSING_ENTRY).hasMessageContaining("entry " + LABELS + " was signed but is missing");
    }

    @Test
    void aBundleHeaderChangedAfterSigningIsRefused() throws Exception {
        givenSigned(TestJars.bundle("org.example.camera", "1.0.0"), signers.acme);
        jar = TestJars.rewrite(jar, work.resolve("renamed.jar"), (name, bytes) -> name.equals("META-INF/MANIFEST.MF")
                ? new String(bytes, StandardCharsets.UTF_8).replace("Bundle-Version: 1.0.0", "Bundle-Version: 9.0.0")
                        .getBytes(StandardCharsets.UTF_8) : bytes, Map.of());
        thenRefused(Reason.TAMPERED).hasMessageContaining("the manifest's main attributes (the bundle headers) were changed");
    }

    @Test
    void anEntryChangedTogetherWithItsManifestDigestIsRefused() throws Exception {
        givenSigned(TestJars.bundle("org.example.camera", "1.0.0"), signers.acme);
        byte[] evil = "cat\nmouse\n".getBytes(StandardCharsets.UTF_8);
        String digest = java.util.Base64.getEncoder().encodeToString(KeyHint.sha256().digest(evil));
        jar = TestJars.rewrite(jar, work.resolve("forged.jar"), (name, bytes) -> name.equals(LABELS) ? evil
                : name.equals("META-INF/MANIFEST.MF") ? withDigest(bytes, LABELS, digest) : bytes, Map.of());
        thenRefused(Reason.TAMPERED).hasMessageContaining("the manifest section of entry " + LABELS + " was changed");
    }

    @Test
    void aBrokenSignatureBlockIsRefused() throws Exception {
        givenSigned(TestJars.bundle("org.example.camera", "1.0.0"), signers.acme);
        jar = TestJars.rewrite(jar, work.resolve("broken.jar"), (name, bytes) -> {
            if (!name.endsWith(".EC")) {
                return bytes;
            }
            byte[] flipped = bytes.clone();
            flipped[flipped.length - 3] ^= 1;
            return flipped;
        }, Map.of());
        thenRefused(Reason.BAD_SIGNATURE).hasMessageContaining("signature block META-INF/ACME does not verify");
    }

    @Test
    void aJarSignedByAnUnknownKeyIsRefusedNamingTheSignerAndHint() throws Exception {
        givenSigned(TestJars.bundle("org.example.camera", "1.0.0"), signers.stranger);
        String hint = KeyHint.of(signers.stranger.certificates().getCertificates().get(0).getPublicKey());
        thenRefused(Reason.UNTRUSTED_SIGNER).hasMessageContaining("signed by CN=stranger,O=Modelgate Tests, key sha256 hint "
                + hint + ", which is not a trusted bundle signer; to trust it, put its public key under etc/trust/bundle-signer/");
    }

    @Test
    void aJarSignedByARevokedKeyIsRefused() throws Exception {
        givenSigned(TestJars.bundle("org.example.camera", "1.0.0"), signers.old);
        thenRefused(Reason.REVOKED_SIGNER).hasMessageContaining("which is bundle-signer key 'old', revoked");
    }

    @Test
    void aJarSignedByAModelSigningKeyIsRefused() throws Exception {
        givenSigned(TestJars.bundle("org.example.camera", "1.0.0"), signers.models);
        thenRefused(Reason.UNTRUSTED_SIGNER).hasMessageContaining("which is not a trusted bundle signer")
                .hasMessageContaining("model-signer key 'models' only: a model signing key may not sign bundles");
    }

    @Test
    void aJarSignedTwiceIsRefused() throws Exception {
        givenSigned(TestJars.bundle("org.example.camera", "1.0.0"), signers.acme);
        Path twice = TestJars.sign(Files.readAllBytes(jar), signers.rsaVendor, work.resolve("twice.jar"));
        jar = twice;
        thenRefused(Reason.SEVERAL_SIGNERS).hasMessageContaining("signed by more than one signer");
    }

    @Test
    void aSignedJarWithoutBundleHeadersIsNoBundle() throws Exception {
        givenSigned(TestJars.bundle(null, "1.0.0"), signers.acme);
        thenRefused(Reason.NOT_A_BUNDLE).hasMessageContaining("no Bundle-SymbolicName");
    }

    @Test
    void aFileThatIsNoJarIsRefused() throws Exception {
        jar = Files.writeString(work.resolve("notes.jar"), "these are not the bytes you are looking for");
        thenRefused(Reason.NOT_A_JAR).hasMessageContaining("notes.jar refused: not a jar (zip) file");
    }

    @Test
    void aTruncatedJarIsRefused() throws Exception {
        givenSigned(TestJars.bundle("org.example.camera", "1.0.0"), signers.acme);
        byte[] whole = Files.readAllBytes(jar);
        jar = Files.write(work.resolve("truncated.jar"), Arrays.copyOf(whole, whole.length / 2));
        thenRefused(Reason.NOT_A_JAR).hasMessageContaining("not a jar (zip) file");
    }

    @Test
    void anEmptyFileIsRefused() throws Exception {
        jar = Files.write(work.resolve("empty.jar"), new byte[0]);
        thenRefused(Reason.NOT_A_JAR);
    }

    @Test
    void aJarWithADuplicatedEntryNameIsRefused() throws Exception {
        givenSigned(TestJars.bundle("org.example.camera", "1.0.0"), signers.acme);
        // Same length, so patching the names in the local headers and the central directory keeps the zip valid.
        jar = TestJars.rewrite(jar, work.resolve("dup.jar"), (name, bytes) -> bytes,
                Map.of("org/example/vendor/labels.txX", "evil".getBytes(StandardCharsets.UTF_8)));
        byte[] bytes = Files.readAllBytes(jar);
        String text = new String(bytes, StandardCharsets.ISO_8859_1).replace("labels.txX", "labels.txt");
        jar = Files.write(jar, text.getBytes(StandardCharsets.ISO_8859_1));
        thenRefused(Reason.NOT_A_JAR).hasMessageContaining("entry " + LABELS + " appears twice");
    }

    private void givenSigned(byte[] unsigned, TestSigner signer) throws Exception {
        jar = TestJars.sign(unsigned, signer, work.resolve("signed.jar"));
    }

    private void whenVerified() throws Exception {
        verified = new SignedJarVerifier(TrustStore.load(signers.trustStore)).verify(jar, jar.getFileName().toString());
    }

    private AbstractThrowableAssert<?, ? extends Throwable> thenRefused(Reason reason) {
        return assertThatThrownBy(this::whenVerified).isInstanceOf(BundleRefusedException.class)
                .satisfies(e -> assertThat(((BundleRefusedException) e).reason()).isEqualTo(reason));
    }

    private static byte[] withoutSection(byte[] manifest, String name) {
        String text = new String(manifest, StandardCharsets.UTF_8);
        return text.replaceAll("Name: " + name + "\r\nSHA-256-Digest: [^\r]*\r\n\r\n", "").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] withDigest(byte[] manifest, String name, String digest) {
        String text = new String(manifest, StandardCharsets.UTF_8);
        String section = "Name: " + name + "\r\nSHA-256-Digest: ";
        int start = text.indexOf(section) + section.length();
        int end = text.indexOf("\r\n", start);
        return (text.substring(0, start) + digest + text.substring(end)).getBytes(StandardCharsets.UTF_8);
    }
}
