package org.modelgate.remote.commands.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.remote.CommandException;

/**
 * Pulls over HTTPS from the JDK's HttpsServer with a self-signed certificate made by keytool: trusted through the
 * PEM CA file, hash pinned, size bounded, http refused, an untrusted server refused.
 */
class HttpsPullTest {
    @TempDir
    static Path keys;

    @TempDir
    Path dir;

    private HttpsServer server;
    private byte[] file;
    private Path caFile;

    @BeforeEach
    void givenAnHttpsServerWithASelfSignedCertificate() throws Exception {
        Path store = keys.resolve("server.p12");
        caFile = keys.resolve("server.pem");
        if (!Files.exists(store)) {
            keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-keystore", store.toString(),
                    "-storetype", "PKCS12", "-storepass", "changeit", "-keypass", "changeit");
            keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", store.toString(), "-storepass", "changeit",
                    "-file", caFile.toString());
        }
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keyStore.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keyStore, "changeit".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        file = new byte[200_000];
        new Random(7).nextBytes(file);
        System.arraycopy("good".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, file, 0, 4);
        server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.createContext("/packages/iris-1.1.0.mgp", exchange -> {
            exchange.sendResponseHeaders(200, file.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(file);
            }
        });
        server.createContext("/missing.mgp", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void aFileFromAServerTrustedThroughTheCaFileArrivesWithItsHashChecked() throws IOException {
        Path pulled = pulls(caFile, 1 << 20).pull(HttpsPull.httpsUrl(url("/packages/iris-1.1.0.mgp")), "iris-1.1.0.mgp",
                TransferFolderTest.sha256(file), file.length);
        assertThat(pulled).hasFileName("iris-1.1.0.mgp");
        assertThat(Files.readAllBytes(pulled)).isEqualTo(file);
        HttpsPull.discard(pulled);
        assertThat(pulled.getParent()).doesNotExist();
    }

    @Test
    void aFileOfAnotherHashIsRefusedAndNothingIsLeft() throws IOException {
        String pinned = TransferFolderTest.sha256(new byte[] {9});
        assertThatThrownBy(() -> pulls(caFile, 1 << 20).pull(HttpsPull.httpsUrl(url("/packages/iris-1.1.0.mgp")),
                "iris-1.1.0.mgp", pinned, -1))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("not the pinned " + pinned)
                .hasMessageContaining("nothing was installed");
        thenTheFolderIsEmpty();
    }

    @Test
    void aFileOverTheSizeLimitIsRefused() throws IOException {
        assertThatThrownBy(() -> pulls(caFile, 100_000).pull(HttpsPull.httpsUrl(url("/packages/iris-1.1.0.mgp")),
                "iris-1.1.0.mgp", TransferFolderTest.sha256(file), -1))
                .isInstanceOf(CommandException.class).hasMessageContaining("more than the 100000");
        thenTheFolderIsEmpty();
    }

    @Test
    void aFileOfAnotherSizeThanGivenIsRefused() throws IOException {
        assertThatThrownBy(() -> pulls(caFile, 1 << 20).pull(HttpsPull.httpsUrl(url("/packages/iris-1.1.0.mgp")),
                "iris-1.1.0.mgp", TransferFolderTest.sha256(file), 1234))
                .isInstanceOf(CommandException.class).hasMessageContaining("not the 1234 given as \"size\"");
        thenTheFolderIsEmpty();
    }

    @Test
    void aServerTheJvmDoesNotTrustIsRefused() throws IOException {
        assertThatThrownBy(() -> pulls(null, 1 << 20).pull(HttpsPull.httpsUrl(url("/packages/iris-1.1.0.mgp")),
                "iris-1.1.0.mgp", TransferFolderTest.sha256(file), -1))
                .isInstanceOf(CommandException.class).hasMessageContaining("pulling https://127.0.0.1")
                .hasMessageContaining("failed");
        thenTheFolderIsEmpty();
    }

    @Test
    void anAnswerOtherThan200IsRefused() {
        assertThatThrownBy(() -> pulls(caFile, 1 << 20).pull(HttpsPull.httpsUrl(url("/missing.mgp")), "missing.mgp",
                TransferFolderTest.sha256(file), -1))
                .isInstanceOf(CommandException.class).hasMessageContaining("got HTTP 404");
    }

    @Test
    void plainHttpAndOtherSchemesAreRefused() {
        assertThatThrownBy(() -> HttpsPull.httpsUrl("http://127.0.0.1/iris.mgp")).isInstanceOf(CommandException.class)
                .hasMessageContaining("must be https");
        assertThatThrownBy(() -> HttpsPull.httpsUrl("file:///etc/passwd")).hasMessageContaining("must be https");
    }

    @Test
    void aCaFileWithoutCertificatesIsRefusedNamingIt() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        assertThatThrownBy(() -> PullTrust.context(empty)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty.pem").hasMessageContaining("pullCaFile");
    }

    @Test
    void deployPullsThePackageAndInstallsIt() throws IOException {
        RecordingRegistry registry = new RecordingRegistry().withModel("iris", "1.0.0", "1.0.0");
        DeployCommand deploy = new DeployCommand();
        deploy.registry = registry;
        deploy.sources = new PackageSources(new TransferFolder(dir.resolve("transfers"), 1 << 20, 4,
                Duration.ofHours(1), java.time.Clock.systemUTC()), pulls(caFile, 1 << 20));
        Object answer = deploy.run(new org.modelgate.remote.CommandCall("deploy", "id", java.util.Map.of(
                "url", url("/packages/iris-1.1.0.mgp"), "sha256", TransferFolderTest.sha256(file), "activate", true),
                "ops", null, null));
        assertThat(answer.toString()).contains("installed={model=iris, version=1.1.0}").contains("activated=true");
        assertThat(registry.installedBytes).hasSize(1);
        assertThat(registry.installedBytes.get(0).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo(file);
        thenTheFolderIsEmpty();
    }

    private HttpsPull pulls(Path ca, long maxBytes) {
        return new HttpsPull(dir.resolve("transfers"), maxBytes, Duration.ofSeconds(60), PullTrust.context(ca));
    }

    private String url(String path) {
        return "https://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void thenTheFolderIsEmpty() throws IOException {
        Path folder = dir.resolve("transfers");
        if (Files.exists(folder)) {
            try (var entries = Files.list(folder)) {
                assertThat(entries).isEmpty();
            }
        }
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("keytool ended").isTrue();
        assertThat(process.exitValue()).as("keytool: " + output).isZero();
    }
}
