package org.modelgate.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.modelgate.distribution.ItFiles.freePort;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Signed vendor bundles in the built distribution: a jar signed at build time by a key the operator put under
 * etc/trust/bundle-signer/ is installed and started from deploy/, an unsigned one is moved to deploy/.refused/
 * and never installed; mg:install over SSH refuses a tampered jar and updates to a newer signed one; every
 * outcome is in the audit log; a restart installs nothing twice; deleting the jar uninstalls the bundle.
 * Skipped where the OpenSSH client is not installed.
 */
class VendorBundleIT {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(30);
    private static final String VENDOR = "org.modelgate.sample.vendor";
    private static final String UNSIGNED = "org.modelgate.sample.unsigned";

    private Path sample;
    private UnpackedDistribution distribution;
    private Path key;
    @RegisterExtension
    final GatewayRuns gateways = new GatewayRuns();
    private PackagedGateway gateway;
    private int sshPort;

    @BeforeEach
    void givenTheDistributionUnpackedAndTheSampleVendorTrusted() throws Exception {
        Assumptions.assumeTrue(OpenSsh.installed(),
                "OpenSSH client not installed: apt-get install openssh-client to run this test");
        sample = Path.of(System.getProperty("modelgate.vendor.sample"));
        distribution = UnpackedDistribution.unpack("vendor");
        // What an operator does to trust a vendor: its public key under etc/trust/bundle-signer/.
        Path signers = Files.createDirectories(distribution.home().resolve("etc/trust/bundle-signer"));
        Files.copy(sample.resolve("bundle-signer/sample-vendor.pem"), signers.resolve("sample-vendor.pem"));
        key = OpenSsh.newKey(distribution.work(), "operator");
        distribution.authorize(key);
    }

    @Test
    void onlyJarsSignedByATrustedBundleSignerAreInstalled() throws Exception {
        whenTheGatewayRuns("first");
        Path deploy = distribution.home().resolve("deploy");

        // deploy/: the unsigned jar is moved aside with its reason, the signed one runs.
        Files.copy(sample.resolve(UNSIGNED + "-1.0.0.jar"), deploy.resolve("unsigned.jar"));
        Files.copy(sample.resolve(VENDOR + "-1.0.0.jar"), deploy.resolve("vendor.jar"));
        await("deploy/unsigned.jar moved to deploy/.refused/", () -> Files.exists(deploy.resolve(".refused/unsigned.jar.reason")));
        assertThat(Files.readString(deploy.resolve(".refused/unsigned.jar.reason"))).contains("not-signed: ")
                .contains("refused: not signed");
        assertThat(deploy.resolve("unsigned.jar")).doesNotExist();
        await(VENDOR + " 1.0.0 active", () -> activeBundles().contains(VENDOR + " (1.0.0)"));
        assertThat(ssh("lb -s").out()).doesNotContain(UNSIGNED);

        // mg:install: a tampered copy is refused, the newer signed version updates the bundle.
        Path tampered = tamper(sample.resolve(VENDOR + "-1.1.0.jar"), distribution.work().resolve("vendor-tampered.jar"));
        OpenSsh.Run refused = ssh("mg:install " + tampered);
        assertThat(refused.err()).contains("mg:install: " + tampered + " refused: entry OSGI-INF/sample/labels.txt"
                + " was changed after signing");
        OpenSsh.Run updated = ssh("mg:install " + sample.resolve(VENDOR + "-1.1.0.jar"));
        assertThat(updated.out()).as("%s", updated).contains("updated " + VENDOR + " 1.0.0 -> 1.1.0")
                .contains("signed by CN=Modelgate Sample Vendor,O=Modelgate build (key sample-vendor)");
        assertThat(activeBundles()).contains(VENDOR + " (1.1.0)");

        // The audit log has who (the deploy folder, the SSH key), what and when of each, and its chain holds.
        List<String> audit = auditLines();
        assertThat(audit).anySatisfy(l -> assertThat(l).contains("\"actor\":\"deploy\",\"action\":\"bundle.refused\","
                + "\"subject\":\"unsigned.jar\"").contains("\"reason\":\"not-signed\""));
        assertThat(audit).anySatisfy(l -> assertThat(l).contains("\"actor\":\"deploy\",\"action\":\"bundle.installed\","
                + "\"subject\":\"" + VENDOR + " 1.0.0\"").contains("\"signerKey\":\"sample-vendor\""));
        assertThat(audit).anySatisfy(l -> assertThat(l).containsPattern("\"actor\":\"admin \\(ssh key SHA256:[^\"]+\\)\",\"action\":\"bundle.refused\"")
                .contains("\"reason\":\"tampered\""));
        assertThat(audit).anySatisfy(l -> assertThat(l).containsPattern("\"actor\":\"admin \\(ssh key SHA256:[^\"]+\\)\",\"action\":\"bundle.updated\","
                + "\"subject\":\"" + VENDOR + " 1.1.0\"").contains("\"previous\":\"1.0.0\""));
        assertThat(audit).noneSatisfy(l -> assertThat(l).contains("\"subject\":\"" + UNSIGNED));
        assertThat(ssh("mg:audit verify").out()).contains("OK:");

        // A restart installs nothing again: the bundle is in the framework cache, deploy/vendor.jar unchanged.
        int entries = auditLines().size();
        thenSigtermStops();
        whenTheGatewayRuns("second");
        await(VENDOR + " 1.1.0 active after the restart", () -> activeBundles().contains(VENDOR + " (1.1.0)"));
        Thread.sleep(5_000); // two polls of deploy/
        assertThat(auditLines().subList(entries, auditLines().size())).noneSatisfy(l -> assertThat(l)
                .containsPattern("\"action\":\"bundle\\.(installed|updated|refused)\""));

        // Deleting the jar from deploy/ uninstalls the bundle.
        Files.delete(deploy.resolve("vendor.jar"));
        await(VENDOR + " uninstalled", () -> !activeBundles().contains(VENDOR));
        // deploy/ writes its entry once uninstall() has returned, a moment after the framework's own.
        await("the deploy folder's bundle.uninstalled audit entry", () -> auditLog().contains(
                "\"actor\":\"deploy\",\"action\":\"bundle.uninstalled\""));
        assertThat(logText()).doesNotContain("ERROR");
        thenSigtermStops();
    }

    private void whenTheGatewayRuns(String name) throws Exception {
        sshPort = freePort();
        gateway = gateways.start(distribution, "gateway-" + name + ".log", freePort(), "-Dmodelgate.ssh.port=" + sshPort);
        gateway.awaitStarted(START_TIMEOUT);
    }

    /** {@code lb -s} lines of active bundles, as "symbolic.name (version)". */
    private String activeBundles() {
        try {
            OpenSsh.Run lb = ssh("lb -s");
            return String.join("\n", lb.out().lines().filter(l -> l.contains("|Active")).toList());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private OpenSsh.Run ssh(String command) throws Exception {
        return OpenSsh.run(distribution.work(), key, sshPort, command);
    }

    private void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + DEPLOY_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("%s within %s:%n%s", what, DEPLOY_TIMEOUT, logText()).isLessThan(deadline);
            Thread.sleep(500);
        }
    }

    private String auditLog() {
        try {
            return Files.readString(distribution.home().resolve("data/audit/audit.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<String> auditLines() throws IOException {
        return Files.readAllLines(distribution.home().resolve("data/audit/audit.log"), StandardCharsets.UTF_8);
    }

    /** A copy with one entry's bytes changed, as a zip tool would leave it. */
    private static Path tamper(Path jar, Path out) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(Files.readAllBytes(jar)));
                ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                byte[] content = in.readAllBytes();
                zip.putNextEntry(new ZipEntry(entry.getName()));
                zip.write(entry.getName().endsWith("labels.txt") ? "cat\nmouse\n".getBytes(StandardCharsets.UTF_8) : content);
                zip.closeEntry();
            }
        }
        return Files.write(out, bytes.toByteArray());
    }

    private void thenSigtermStops() throws Exception {
        gateway.stopWithSigterm(Duration.ofSeconds(15));
    }

    private String logText() {
        return gateway.logText();
    }
}
