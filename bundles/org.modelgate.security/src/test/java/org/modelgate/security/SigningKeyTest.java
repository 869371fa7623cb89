package org.modelgate.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.interfaces.ECPrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.modelgate.security.internal.PemFile;
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
    void aKeyWrittenHereCarriesItsPublicKeyAndReadsBack() throws Exception {
        var pair = TestKeys.generate("secp384r1");
        SigningKey key = SigningKey.fromPemFile(TestKeys.writePrivate(pair, dir.resolve("k.pem")));
        assertThat(key.publicKey().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
        assertThat(((ECPrivateKey) key.privateKey()).getS()).isEqualTo(((ECPrivateKey) pair.getPrivate()).getS());
    }

    @Test
    void aKeyWithoutItsPublicHalfIsRefusedWithTheCommandThatAddsIt() throws Exception {
        Path file = TestKeys.writePrivateWithoutPublicKey(TestKeys.generate("secp256r1"), dir.resolve("java.pem"));
        assertThatThrownBy(() -> SigningKey.fromPemFile(file)).isInstanceOf(KeyFileException.class)
                .hasMessageContaining("java.pem: holds no public key next to the private key")
                .hasMessageContaining("openssl ec -in KEY -out KEY.sec1.pem");
    }

    @Test
    void aPublicKeyOfAnotherKeyIsRefused() throws Exception {
        var mine = TestKeys.generate("secp256r1");
        var other = TestKeys.generate("secp256r1");
        Path file = new SigningKey(mine.getPrivate(), other.getPublic()).writePemFile(dir.resolve("mixed.pem"));
        assertThatThrownBy(() -> SigningKey.fromPemFile(file)).isInstanceOf(KeyFileException.class)
                .hasMessageContaining("holds a public key that does not belong to its private key");
    }

    @Test
    void keyFilesAreWrittenForTheOwnerOnlyAndNeverReplaced() throws Exception {
        Path file = SigningKey.generate().writePemFile(dir.resolve("new.pem"));
        assertThat(Files.getPosixFilePermissions(file)).containsExactlyInAnyOrder(
                PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> SigningKey.generate().writePemFile(file)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"P-256", "P-384", "P-521"})
    void aKeyMadeByOpenSslGenpkeyHasThePublicKeyOpenSslPrints(String curve) throws Exception {
        OpenSsl.assumeInstalled();
        Path file = dir.resolve("openssl.pem");
        OpenSsl.run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:" + curve, "-out", file.toString());
        SigningKey key = SigningKey.fromPemFile(file);
        assertThat(publicPem(key)).isEqualTo(OpenSsl.run("pkey", "-in", file.toString(), "-pubout"));
    }

    @Test
    void aSec1KeyMadeByOpenSslEcparamHasThePublicKeyOpenSslPrints() throws Exception {
        OpenSsl.assumeInstalled();
        Path file = dir.resolve("sec1.pem");
        OpenSsl.run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", file.toString());
        assertThat(Files.readString(file)).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(publicPem(SigningKey.fromPemFile(file))).isEqualTo(OpenSsl.run("pkey", "-in", file.toString(), "-pubout"));
    }

    @Test
    void aKeyWrittenHereIsReadByOpenSsl() throws Exception {
        OpenSsl.assumeInstalled();
        SigningKey key = SigningKey.generate();
        Path file = key.writePemFile(dir.resolve("ours.pem"));
        assertThat(OpenSsl.run("pkey", "-in", file.toString(), "-pubout")).isEqualTo(publicPem(key));
        assertThat(OpenSsl.run("asn1parse", "-in", file.toString())).contains("id-ecPublicKey", "prime256v1");
    }

    @Test
    void theOpenSslCommandInTheRefusalRepairsAJavaWrittenKey() throws Exception {
        OpenSsl.assumeInstalled();
        var pair = TestKeys.generate("secp256r1");
        Path java = TestKeys.writePrivateWithoutPublicKey(pair, dir.resolve("java.pem"));
        Path sec1 = dir.resolve("java.sec1.pem");
        Path pkcs8 = dir.resolve("java.pkcs8.pem");
        OpenSsl.run("ec", "-in", java.toString(), "-out", sec1.toString());
        OpenSsl.run("pkcs8", "-topk8", "-nocrypt", "-in", sec1.toString(), "-out", pkcs8.toString());
        assertThat(SigningKey.fromPemFile(sec1).publicKey().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
        assertThat(SigningKey.fromPemFile(pkcs8).publicKey().getEncoded()).isEqualTo(pair.getPublic().getEncoded());
    }

    @Test
    void anOpenSslKeyWrittenWithoutItsPublicHalfIsRefused() throws Exception {
        OpenSsl.assumeInstalled();
        Path made = dir.resolve("made.pem");
        Path file = dir.resolve("no-public.pem");
        OpenSsl.run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", made.toString());
        OpenSsl.run("ec", "-in", made.toString(), "-no_public", "-out", file.toString());
        assertThatThrownBy(() -> SigningKey.fromPemFile(file)).isInstanceOf(KeyFileException.class)
                .hasMessageContaining("holds no public key").hasMessageContaining("openssl ec -in KEY -out KEY.sec1.pem");
    }

    @Test
    void aCompressedPublicKeyIsRefusedWithTheCommandThatExpandsIt() throws Exception {
        OpenSsl.assumeInstalled();
        Path made = dir.resolve("made.pem");
        Path file = dir.resolve("compressed.pem");
        OpenSsl.run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", made.toString());
        OpenSsl.run("ec", "-in", made.toString(), "-conv_form", "compressed", "-out", file.toString());
        assertThatThrownBy(() -> SigningKey.fromPemFile(file)).isInstanceOf(KeyFileException.class)
                .hasMessageContaining("compressed form").hasMessageContaining("-conv_form uncompressed");
    }

    private static String publicPem(SigningKey key) {
        return PemFile.format("PUBLIC KEY", key.publicKey().getEncoded());
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
