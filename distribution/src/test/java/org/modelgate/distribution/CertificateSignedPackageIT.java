package org.modelgate.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.modelgate.distribution.ItFiles.freePort;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A model package signed with an organisation's certificate, end to end in the built distribution: the shipped
 * {@code bin/mgpack pack --cert --chain --key} signs the demo model as 1.1.0 with a code-signing certificate of a
 * test PKI; the gateway, whose {@code etc/trust/model-ca/} holds only that PKI's root CA (no key of the signer),
 * installs it over SSH ({@code mg:install}), records the certificate's subject as the signer in the version
 * history, and {@code mg:trust} lists the CA and who signed each version. A package signed with a certificate
 * that is not for code signing is refused with the reason and changes nothing. Skipped without the OpenSSH client.
 */
class CertificateSignedPackageIT {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    /** The security bundle's test PKI (made by gen.sh there): root CA, intermediate, signers. */
    private static final Path PKI = Path.of("../bundles/org.modelgate.security/src/test/resources/certificates");
    private static final String SIGNER = "EMAILADDRESS=models@acme.example,CN=Acme Model Release,O=Acme";

    private Path work;
    private Path home;
    private Path log;
    private Path sshKey;
    private Process gateway;
    private int sshPort;
    private int httpPort;

    @BeforeEach
    void givenTheDistributionUnpacked() throws Exception {
        Assumptions.assumeTrue(OpenSsh.installed(), "OpenSSH client not installed (" + OpenSsh.SSH + ", " + OpenSsh.SSH_KEYGEN
                + "): apt-get install openssh-client to run this test");
        UnpackedDistribution distribution = UnpackedDistribution.unpack("certificate");
        work = distribution.work();
        home = distribution.home();
    }

    @AfterEach
    void killLeftovers() {
        if (gateway != null && gateway.isAlive()) {
            gateway.destroyForcibly();
        }
    }

    @Test
    void aCertificateSignedPackageInstallsAndItsSubjectIsRecordedAsTheSigner() throws Exception {
        Path mgp = givenTheDemoModelPackedWithACertificate("1.1.0", "signer");
        givenTheGatewayTrustsTheRootCa();
        givenAnAuthorizedSshKey();
        whenTheGatewayRuns();

        OpenSsh.Run install = whenSshRuns("mg:install " + mgp);

        assertThat(install.exitCode()).as("mg:install: %s", install).isZero();
        assertThat(home.resolve("models/iris/1.1.0/model.sig")).content().contains("x509CertificateChain");
        assertThat(Files.readString(home.resolve("models/iris/history.jsonl")))
                .contains("signed by " + SIGNER + " <models@acme.example> (certificate serial 2001, CA acme-root)");
        OpenSsh.Run signers = whenSshRuns("mg:trust signers iris");
        assertThat(signers.out()).as("%s", signers).contains("iris 1.1.0  signed by " + SIGNER + " <models@acme.example>");
        OpenSsh.Run list = whenSshRuns("mg:trust list");
        assertThat(list.out()).as("%s", list).contains("model-ca/acme-root").contains("CN=Modelgate Test Root CA");
        OpenSsh.Run activate = whenSshRuns("mg:activate iris 1.1.0");
        assertThat(activate.exitCode()).as("mg:activate: %s", activate).isZero();
        assertThat(activate.out()).contains("activated iris 1.1.0");
        awaitReady();
        thenSigtermStops();
    }

    @Test
    void aPackageSignedWithACertificateNotForCodeSigningIsRefusedAndNothingChanges() throws Exception {
        Path mgp = givenTheDemoModelPackedWithACertificate("1.2.0", "no-code-signing");
        givenTheGatewayTrustsTheRootCa();
        givenAnAuthorizedSshKey();
        whenTheGatewayRuns();

        OpenSsh.Run install = whenSshRuns("mg:install " + mgp);

        assertThat(install.out() + install.err()).as("%s", install).contains("certificate-not-for-signing")
                .contains("not for code signing");
        assertThat(home.resolve("models/iris/1.2.0")).doesNotExist();
        OpenSsh.Run versions = whenSshRuns("mg:versions iris");
        assertThat(versions.out()).as("%s", versions).doesNotContain("1.2.0");
        thenSigtermStops();
    }

    private Path givenTheDemoModelPackedWithACertificate(String version, String certificate) throws Exception {
        Path folder = Files.createDirectories(work.resolve("staging/iris-" + version));
        Path demo = home.resolve("models/iris/1.0.0");
        Files.copy(demo.resolve("model.onnx"), folder.resolve("model.onnx"));
        String json = Files.readString(demo.resolve("model.json"));
        assertThat(json).contains("\"1.0.0\"");
        Files.writeString(folder.resolve("model.json"), json.replace("\"1.0.0\"", "\"" + version + "\""));
        Path out = work.resolve("packages");
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/mgpack").toString(), "pack", folder.toString(),
                "--key", PKI.resolve(certificate + ".key.pem").toAbsolutePath().toString(),
                "--cert", PKI.resolve(certificate + ".pem").toAbsolutePath().toString(),
                "--chain", PKI.resolve("int-ca.pem").toAbsolutePath().toString(), "--out", out.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output).contains("signed by certificate '");
        return out.resolve("iris-" + version + ".mgp");
    }

    private void givenTheGatewayTrustsTheRootCa() throws Exception {
        Path cas = Files.createDirectories(home.resolve("etc/trust/model-ca"));
        Files.copy(PKI.resolve("root-ca.pem"), cas.resolve("acme-root.pem"));
    }

    private void givenAnAuthorizedSshKey() throws Exception {
        sshKey = OpenSsh.newKey(work, "operator");
        Files.writeString(home.resolve("etc/authorized_keys"), Files.readString(Path.of(sshKey + ".pub")),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private void whenTheGatewayRuns() throws Exception {
        httpPort = freePort();
        sshPort = freePort();
        log = work.resolve("gateway.log");
        ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/modelgate").toString())
                .directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().put("JAVA_OPTS", "-Xmx128m -Dmodelgate.http.port=" + httpPort + " -Dmodelgate.ssh.port=" + sshPort);
        gateway = builder.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!ItFiles.logText(log).contains("Modelgate started in")) {
            assertThat(gateway.isAlive()).as("gateway exited early:%n%s", ItFiles.logText(log)).isTrue();
            assertThat(System.nanoTime()).as("started within %s:%n%s", START_TIMEOUT, ItFiles.logText(log)).isLessThan(deadline);
            Thread.sleep(200);
        }
        awaitReady();
    }

    /** The demo model loaded: a stop while ONNX Runtime still loads it is not what these tests are about. */
    private void awaitReady() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            assertThat(gateway.isAlive()).as("gateway exited early:%n%s", ItFiles.logText(log)).isTrue();
            try {
                HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                        + "/v2/health/ready")).timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            assertThat(System.nanoTime()).as("ready within %s:%n%s", START_TIMEOUT, ItFiles.logText(log)).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    private OpenSsh.Run whenSshRuns(String command) throws Exception {
        return OpenSsh.run(work, sshKey, sshPort, command);
    }

    private void thenSigtermStops() throws Exception {
        gateway.destroy();
        assertThat(gateway.waitFor(20, TimeUnit.SECONDS)).as("stopped within 20 s:%n%s", ItFiles.logText(log)).isTrue();
        assertThat(gateway.exitValue()).as(ItFiles.logText(log)).isZero();
    }
}
