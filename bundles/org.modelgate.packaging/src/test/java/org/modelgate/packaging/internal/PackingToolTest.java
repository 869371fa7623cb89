package org.modelgate.packaging.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.packaging.PackageFixture;
import org.modelgate.packaging.tool.Mgpack;

/** Feature: mgpack pack/verify and mg:pack on a command line, with one line of result or error. */
class PackingToolTest {
    @TempDir
    Path base;
    PackageFixture fixture;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void givenAModelFolder() throws Exception {
        fixture = PackageFixture.create(base);
    }

    @Test
    void packThenVerify() throws Exception {
        int packed = mgpack("pack", fixture.folder.toString(), "--key", fixture.keyFile.toString(), "--out", base.resolve("dist").toString());
        int verified = mgpack("verify", base.resolve("dist/iris-1.0.0.mgp").toString(), "--trust", fixture.trustDir.toString());

        assertThat(packed).isZero();
        assertThat(verified).isZero();
        assertThat(text(out)).contains("packed " + base.resolve("dist/iris-1.0.0.mgp"), "verified iris 1.0.0: signed by key 'acme-2026'");
        assertThat(text(err)).isEmpty();
    }

    @Test
    void packWithACertificateThenVerifyAgainstItsCa() throws Exception {
        // The security bundle's test PKI (src/test/resources/certificates there, made by its gen.sh).
        Path pki = Path.of("../org.modelgate.security/src/test/resources/certificates");
        Path trust = base.resolve("trust");
        Files.createDirectories(trust.resolve("model-ca"));
        Files.copy(pki.resolve("root-ca.pem"), trust.resolve("model-ca/acme-root.pem"));

        int packed = mgpack("pack", fixture.folder.toString(), "--key", pki.resolve("signer.key.pem").toString(),
                "--cert", pki.resolve("signer.pem").toString(), "--chain", pki.resolve("int-ca.pem").toString(),
                "--out", base.resolve("dist").toString());
        int verified = mgpack("verify", base.resolve("dist/iris-1.0.0.mgp").toString(), "--trust", trust.toString());

        assertThat(text(err)).isEmpty();
        assertThat(packed).isZero();
        assertThat(verified).isZero();
        assertThat(text(out)).contains("signed by certificate 'EMAILADDRESS=models@acme.example,CN=Acme Model Release,O=Acme'",
                "verified iris 1.0.0: signed by EMAILADDRESS=models@acme.example,CN=Acme Model Release,O=Acme"
                        + " <models@acme.example> (certificate serial 2001, CA acme-root)");
    }

    @Test
    void aChainWithoutACertificateIsAUsageError() {
        assertThat(mgpack("pack", fixture.folder.toString(), "--key", fixture.keyFile.toString(), "--chain", "c.pem"))
                .isEqualTo(PackingTool.USAGE);
        assertThat(text(err)).contains("--chain needs --cert");
    }

    @Test
    void verifyRefusesAnUnknownKeyWithOneLine() throws Exception {
        fixture.pack();
        Path otherTrust = base.resolve("other");
        PackageFixture.writePem(otherTrust.resolve("model-signer/other.pem"), "PUBLIC KEY", PackageFixture.generate().getPublic().getEncoded());

        int status = mgpack("verify", base.resolve("dist/iris-1.0.0.mgp").toString(), "--trust", otherTrust.toString());

        assertThat(status).isEqualTo(PackingTool.REFUSED);
        assertThat(text(err)).startsWith("mgpack: signature: ").contains("unknown-key").hasLineCount(1);
    }

    @Test
    void usageErrors() {
        assertThat(mgpack()).isEqualTo(PackingTool.USAGE);
        assertThat(mgpack("pack", fixture.folder.toString())).isEqualTo(PackingTool.USAGE);
        assertThat(text(err)).contains("option --key is required", "usage: mgpack pack <folder> --key");
        assertThat(mgpack("pack", "a", "b", "--key", "k")).isEqualTo(PackingTool.USAGE);
        assertThat(mgpack("pack", "a", "--kye", "k")).isEqualTo(PackingTool.USAGE);
        assertThat(text(err)).contains("unknown option --kye");
        assertThat(mgpack("-h")).isZero();
        assertThat(text(out)).contains("mgpack verify <NAME-VERSION.mgp> --trust <trust-dir>");
    }

    @Test
    void aMissingKeyFileIsOneLine() {
        int status = mgpack("pack", fixture.folder.toString(), "--key", base.resolve("nope.pem").toString());

        assertThat(status).isEqualTo(PackingTool.REFUSED);
        assertThat(text(err)).startsWith("mgpack: ").contains("nope.pem").hasLineCount(1);
    }

    @Test
    void aKeyWithoutItsPublicHalfIsRefusedWithTheCommandThatAddsIt() throws Exception {
        Path javaKey = PackageFixture.writePem(base.resolve("java.key.pem"), "PRIVATE KEY",
                PackageFixture.generate().getPrivate().getEncoded());

        int status = mgpack("pack", fixture.folder.toString(), "--key", javaKey.toString());

        assertThat(status).isEqualTo(PackingTool.REFUSED);
        assertThat(text(err)).startsWith("mgpack: ").contains("java.key.pem: holds no public key",
                "openssl ec -in KEY -out KEY.sec1.pem").hasLineCount(1);
    }

    @Test
    void gogoPackWritesThePackageAndDrawsABarForLargeFolders() throws Exception {
        Files.write(fixture.folder.resolve("model.onnx"), new byte[(int) ProgressBar.MIN_BYTES + 1]);
        PackCommand command = new PackCommand(() -> new PrintStream(out, true), () -> new PrintStream(err, true));

        command.pack(fixture.folder.toString(), "--key", fixture.keyFile.toString(), "--out=" + base.resolve("gogo"));

        assertThat(base.resolve("gogo/iris-1.0.0.mgp")).isRegularFile();
        assertThat(text(out)).startsWith("packed ");
        assertThat(text(err)).contains("\r[", "100%").endsWith("\n");
    }

    @Test
    void gogoHelp() {
        new PackCommand(() -> new PrintStream(out, true), () -> new PrintStream(err, true)).pack("-h");

        assertThat(text(err)).startsWith("usage: mg:pack <folder> --key <private-key.pem> [--cert <cert.pem> [--chain <chain.pem>]] [--out <dir>]");
    }

    @Test
    void gogoRefusalIsOneLine() throws Exception {
        Files.delete(fixture.folder.resolve("model.json"));
        new PackCommand(() -> new PrintStream(out, true), () -> new PrintStream(err, true))
                .pack(fixture.folder.toString(), "--key", fixture.keyFile.toString(), "--out", base.resolve("x").toString());

        assertThat(text(err)).startsWith("mg:pack: missing-model-json: ").hasLineCount(1);
        assertThat(base.resolve("x")).doesNotExist();
    }

    @Test
    void progressBarLine() {
        assertThat(ProgressBar.line(50, 100)).isEqualTo("[###############...............]  50%  50 B / 100 B");
        assertThat(ProgressBar.bytes(3L << 30)).isEqualTo("3.0 GiB");
    }

    private int mgpack(String... args) {
        return Mgpack.run(args, new PrintStream(out, true), new PrintStream(err, true));
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
