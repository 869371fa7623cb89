package org.modelgate.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * The distribution tarball unpacked into a fresh folder, as an operator installs it: {@code work} is the folder the
 * gateway runs in (its logs, keys and scratch files), {@code home} the unpacked {@code modelgate-*} folder.
 * The default features include {@code access}: management endpoints need {@link #managementToken()}.
 */
record UnpackedDistribution(Path work, Path home) {
    /** The name of the token {@link #managementToken()} adds to etc/tokens. */
    static final String OPERATOR = "it-operator";

    /** One run of {@code bin/modelgate token ...}: its exit code, stdout (the token of an add) and stderr. */
    record TokenCommand(int exitCode, String out, String err) {
    }

    /**
     * Unpacks {@code modelgate.tarball} into {@code <modelgate.it.dir>-<name>}, emptied first; skips the test where
     * the distribution is built for another platform ({@code modelgate.platform}) than this host's.
     */
    static UnpackedDistribution unpack(String name) throws IOException, InterruptedException {
        String platform = System.getProperty("modelgate.platform");
        String host = GatewayIT.hostPlatform();
        Assumptions.assumeTrue(host.equals(platform), () -> "a " + platform + " distribution does not run on " + host);
        Path work = Path.of(System.getProperty("modelgate.it.dir") + "-" + name);
        ItFiles.deleteTree(work);
        Files.createDirectories(work);
        Path tarball = Path.of(System.getProperty("modelgate.tarball"));
        Process tar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", work.toString()).inheritIO().start();
        assertThat(tar.waitFor()).as("tar xzf " + tarball).isZero();
        try (Stream<Path> top = Files.list(work)) {
            return new UnpackedDistribution(work, top.filter(Files::isDirectory).findFirst().orElseThrow());
        }
    }

    /** Adds an SSH key pair's public key (made by {@link OpenSsh#newKey}) to etc/authorized_keys. */
    void authorize(Path sshKey) throws IOException {
        Files.writeString(home.resolve("etc/authorized_keys"), Files.readString(Path.of(sshKey + ".pub")),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /**
     * A bearer token with role {@code manage}, as an operator gets one: {@code bin/modelgate token add it-operator
     * manage} (the token in etc/tokens, hashed) the first time, kept in the work folder for later calls. Works before
     * the start and while the gateway runs (it reads etc/tokens again when it changes).
     */
    String managementToken() throws IOException, InterruptedException {
        Path kept = work.resolve("management.token");
        if (Files.exists(kept)) {
            return Files.readString(kept, StandardCharsets.UTF_8).strip();
        }
        TokenCommand add = token("add", OPERATOR, "manage");
        assertThat(add.exitCode()).as("bin/modelgate token add: %s", add).isZero();
        assertThat(add.out()).as("the token alone on stdout").startsWith("mgt_");
        Files.writeString(kept, add.out().strip(), StandardCharsets.UTF_8);
        return add.out().strip();
    }

    /** The request with {@code Authorization: Bearer} {@link #managementToken()}, for a management endpoint. */
    HttpRequest.Builder withManagementToken(HttpRequest.Builder request) throws IOException, InterruptedException {
        return request.header("Authorization", "Bearer " + managementToken());
    }

    /** Runs {@code bin/modelgate token ARGS} (no JAVA_OPTS) and waits for it. */
    TokenCommand token(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/modelgate").toString(), "token"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(work, "token", ".out");
        Path err = Files.createTempFile(work, "token", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        builder.environment().remove("JAVA_OPTS");
        Process process = builder.start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("bin/modelgate token %s ended", command).isTrue();
        try {
            return new TokenCommand(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }
}
