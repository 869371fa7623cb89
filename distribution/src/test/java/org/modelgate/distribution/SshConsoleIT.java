package org.modelgate.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.modelgate.distribution.ItFiles.freePort;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SSH console of the built distribution, through the real OpenSSH client: a key listed in
 * etc/authorized_keys runs mg:models, any other key is refused, password and keyboard-interactive
 * logins are not even offered, and a key added while the gateway runs works at the next login.
 * Skipped where the OpenSSH client is not installed (.ci/run installs it).
 */
class SshConsoleIT {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private UnpackedDistribution distribution;
    @RegisterExtension
    final GatewayRuns gateways = new GatewayRuns();
    private PackagedGateway gateway;
    private int sshPort;

    @BeforeEach
    void givenTheDistributionUnpacked() throws Exception {
        Assumptions.assumeTrue(OpenSsh.installed(), "OpenSSH client not installed (" + OpenSsh.SSH + ", " + OpenSsh.SSH_KEYGEN
                + "): apt-get install openssh-client to run this test");
        distribution = UnpackedDistribution.unpack("ssh");
    }

    @Test
    void anAuthorizedKeyRunsCommandsAndEveryOtherLoginIsRefused() throws Exception {
        Path operator = givenAKeyPair("operator");
        Path stranger = givenAKeyPair("stranger");
        givenAuthorized(operator);
        whenTheGatewayRuns();

        OpenSsh.Run models = whenSshRuns(operator, "mg:models");
        // the demo model's first trial runs in a model host process first: READY a second or so after the start
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (models.exitCode() == 0 && !models.out().contains("READY") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            models = whenSshRuns(operator, "mg:models");
        }
        assertThat(models.exitCode()).as("ssh mg:models: %s", models).isZero();
        assertThat(models.out()).contains("NAME").containsPattern("(?m)^iris\\s+1\\.0\\.0\\s+READY");
        OpenSsh.Run accelerators = whenSshRuns(operator, "mg:accelerators");
        assertThat(accelerators.out()).as("the cpu driver (feature accel-cpu) plans the demo model: %s", accelerators)
                .containsPattern("(?m)^cpu\\s+yes\\s+CPU\\s+iris\\s+org\\.modelgate\\.accel\\.cpu");
        assertThat(whenSshRuns(operator, "mg:models iris").out()).contains("plan:     cpu (rank 10)");

        assertThat(whenSshRuns(operator, "mg:audit -n 100").out()).as("the boot is one entry, not one per bundle started")
                .contains("framework.bundles").doesNotContain("bundle.started");
        OpenSsh.Run unload = whenSshRuns(operator, "mg:unload iris");
        assertThat(unload.exitCode()).as("ssh mg:unload: %s", unload).isZero();
        OpenSsh.Run audit = whenSshRuns(operator, "mg:audit -n 3");
        assertThat(audit.out()).as("the audit log names the key that made the change")
                .containsPattern("model\\.unloaded +iris 1\\.0\\.0")
                .containsPattern("by admin \\(ssh key SHA256:[A-Za-z0-9+/]+, operator@modelgate-it\\)");
        assertThat(whenSshRuns(operator, "mg:load iris").exitCode()).isZero();

        OpenSsh.Run unknown = whenSshRuns(operator, "no-such-command");
        assertThat(unknown.exitCode()).as("a failing command: %s", unknown).isEqualTo(1);
        assertThat(unknown.err()).contains("Command not found: no-such-command");

        OpenSsh.Run refused = whenSshRuns(stranger, "mg:models");
        assertThat(refused.exitCode()).as("a key not in etc/authorized_keys: %s", refused).isNotZero();
        assertThat(refused.err()).contains("Permission denied (publickey)");
        assertThat(refused.out()).doesNotContain("iris");
        assertThat(logText()).contains("refused: not in " + distribution.home().resolve("etc/authorized_keys"));

        OpenSsh.Run password = whenSshRuns(null, "mg:models", "-o", "PubkeyAuthentication=no",
                "-o", "PreferredAuthentications=password,keyboard-interactive");
        assertThat(password.exitCode()).isNotZero();
        // The server names the methods it accepts: publickey alone.
        assertThat(password.err()).contains("Permission denied (publickey).");

        givenAuthorized(stranger); // while the gateway runs: read again at the next login
        OpenSsh.Run nowAllowed = whenSshRuns(stranger, "mg:models");
        assertThat(nowAllowed.exitCode()).as("a key added at run time: %s", nowAllowed).isZero();
        assertThat(nowAllowed.out()).contains("iris");

        thenSigtermStopsAndReleasesThePort();
    }

    @Test
    void anOperatorRotatesAndRevokesModelSigningKeysAndTheAuditLogSaysWho() throws Exception {
        Path operator = givenAKeyPair("operator");
        givenAuthorized(operator);
        whenTheGatewayRuns();
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        Path newKey = distribution.work().resolve("acme-2027.pem");
        Files.writeString(newKey, "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'})
                .encodeToString(generator.generateKeyPair().getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");

        assertThat(whenSshRuns(operator, "mg:trust").out()).containsPattern("(?m)^model-signer\\s+demo-build\\s+[0-9a-f]{16}\\s+valid");
        assertThat(whenSshRuns(operator, "mg:trust add model-signer acme-2027 " + newKey).out()).contains("added model-signer/acme-2027");
        assertThat(whenSshRuns(operator, "mg:trust add model-signer junk " + distribution.home().resolve("etc/modelgate.properties")).err())
                .contains("mg:trust: ").contains("junk.pem");
        assertThat(whenSshRuns(operator, "mg:trust revoke demo-build").out()).contains("revoked demo-build in model-signer/demo-build");
        assertThat(whenSshRuns(operator, "mg:trust").out()).containsPattern("(?m)^model-signer\\s+demo-build\\s+[0-9a-f]{16}\\s+revoked")
                .containsPattern("(?m)^model-signer\\s+acme-2027\\s+[0-9a-f]{16}\\s+valid");
        assertThat(distribution.home().resolve("etc/trust/model-signer/acme-2027.pem")).exists();

        whenSshRuns(operator, "mg:unload iris");
        OpenSsh.Run load = whenSshRuns(operator, "mg:load iris");
        assertThat(load.err()).as("the demo model was signed by the key just revoked: %s", load).contains("revoked");
        OpenSsh.Run audit = whenSshRuns(operator, "mg:audit -n 8");
        assertThat(audit.out()).containsPattern("trust\\.key\\.added +model-signer/acme-2027")
                .containsPattern("trust\\.key\\.revoked +demo-build")
                .containsPattern("by admin \\(ssh key SHA256:[A-Za-z0-9+/]+, operator@modelgate-it\\)");
        assertThat(whenSshRuns(operator, "mg:audit verify").out()).startsWith("OK: ")
                .contains("not anchored: no checkpoint yet");

        thenSigtermStopsAndReleasesThePort();
        assertThat(distribution.home().resolve("etc/keys/device-signing.key.pem")).as("the trust feature's checkpoint key").exists();
        assertThat(Files.readString(distribution.home().resolve("data/audit/checkpoints"))).as("a clean stop anchors the audit log")
                .startsWith("{\"seq\":");
    }

    private Path givenAKeyPair(String name) throws Exception {
        return OpenSsh.newKey(distribution.work(), name);
    }

    private void givenAuthorized(Path key) throws IOException {
        distribution.authorize(key);
    }

    private void whenTheGatewayRuns() throws Exception {
        sshPort = freePort();
        gateway = gateways.start(distribution, "gateway.log", freePort(), "-Dmodelgate.ssh.port=" + sshPort);
        gateway.awaitStarted(START_TIMEOUT);
        assertThat(logText()).contains("SSH console on 127.0.0.1:" + sshPort).doesNotContain("ERROR");
    }

    private OpenSsh.Run whenSshRuns(Path key, String command, String... options) throws Exception {
        return OpenSsh.run(distribution.work(), key, sshPort, command, options);
    }

    private void thenSigtermStopsAndReleasesThePort() throws Exception {
        gateway.stopWithSigterm(Duration.ofSeconds(15));
        try (ServerSocket socket = new ServerSocket(sshPort)) {
            assertThat(socket.getLocalPort()).as("SSH port released").isEqualTo(sshPort);
        }
    }

    private String logText() {
        return gateway.logText();
    }
}
