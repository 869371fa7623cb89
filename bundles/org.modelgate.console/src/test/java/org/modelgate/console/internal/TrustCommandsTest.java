package org.modelgate.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.modelgate.api.VersionEvent;
import org.modelgate.security.KeyRole;
import org.modelgate.security.TrustStore;
import org.modelgate.security.TrustStoreAdmin;
import org.modelgate.security.TrustStoreException;
import org.modelgate.security.TrustedKey;

/** Feature: mg:trust lists the CAs of model-ca/ and shows who signed each installed version. */
class TrustCommandsTest {
    @TempDir
    Path trust;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private TrustCommands commands;

    @BeforeEach
    void givenTheCommandsOverATrustStoreAndARegistry() {
        PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
        commands = new TrustCommands(() -> out, () -> err, () -> "tester");
        commands.admin = new ReadOnlyAdmin(trust);
        commands.registry = new FakeCore() {
            @Override
            public List<VersionEvent> history(String name) {
                if (!name.equals("iris")) {
                    return List.of();
                }
                return List.of(new VersionEvent(Instant.EPOCH, "1.0.0", VersionEvent.Kind.INSTALLED,
                                "from /tmp/iris-1.0.0; signed by key acme-2026 (model-signer)"),
                        new VersionEvent(Instant.EPOCH, "1.1.0", VersionEvent.Kind.INSTALLED, "from /tmp/x, model.onnx "
                                + "encrypted under key file-01; signed by EMAILADDRESS=models@acme.example,CN=Acme Model"
                                + " Release,O=Acme <models@acme.example> (certificate serial 2001, CA acme-root)"));
            }
        };
    }

    @Test
    void listShowsTheCasOfModelCa() throws Exception {
        Files.createDirectories(trust.resolve("model-ca"));
        Files.copy(Path.of("../org.modelgate.security/src/test/resources/certificates/root-ca.pem"),
                trust.resolve("model-ca/acme-root.pem"));
        commands.trust("list");
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(outBytes.toString(StandardCharsets.UTF_8)).contains("model-ca/acme-root")
                .contains("CN=Modelgate Test Root CA").containsPattern("acme-root\\s+valid");
    }

    @Test
    void aRevokedCaIsListedAsRevoked() throws Exception {
        Files.createDirectories(trust.resolve("model-ca"));
        Files.copy(Path.of("../org.modelgate.security/src/test/resources/certificates/root-ca.pem"),
                trust.resolve("model-ca/acme-root.pem"));
        Files.writeString(trust.resolve("revoked.txt"), "acme-root\n");
        commands.trust("list");
        assertThat(outBytes.toString(StandardCharsets.UTF_8)).containsPattern("model-ca/acme-root\\s+revoked");
    }

    @Test
    void signersShowsWhoSignedEachVersion() {
        commands.trust("signers", "iris");
        String out = outBytes.toString(StandardCharsets.UTF_8);
        assertThat(errBytes.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(out).contains("iris 1.0.0  signed by key acme-2026 (model-signer)\n").contains("iris 1.1.0  signed by "
                + "EMAILADDRESS=models@acme.example,CN=Acme Model Release,O=Acme <models@acme.example> (certificate serial 2001,"
                + " CA acme-root)\n");
    }

    @Test
    void aVersionWithoutAnInstallRecordSaysSo() {
        commands.trust("signers", "digits");
        assertThat(outBytes.toString(StandardCharsets.UTF_8)).contains("digits 2.0.0  signed by ? (not recorded");
    }

    /** Reads the folder as the security bundle does; changes are not what these tests are about. */
    private record ReadOnlyAdmin(Path folder) implements TrustStoreAdmin {
        @Override
        public TrustStore current() throws TrustStoreException {
            return TrustStore.load(folder);
        }

        @Override
        public TrustedKey add(KeyRole role, String name, String pem) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<TrustedKey> revoke(String nameOrHint) {
            throw new UnsupportedOperationException();
        }

        @Override
        public TrustedKey remove(KeyRole role, String name) {
            throw new UnsupportedOperationException();
        }
    }
}
