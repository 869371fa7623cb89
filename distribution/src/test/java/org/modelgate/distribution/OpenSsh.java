package org.modelgate.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real OpenSSH client against the gateway's SSH console, as the distribution tests use it: key pairs
 * made by ssh-keygen, commands run as {@code ssh -i KEY -p PORT admin@127.0.0.1 COMMAND} without agent,
 * known-hosts file or prompts.
 */
final class OpenSsh {
    static final Path SSH = Path.of("/usr/bin/ssh");
    static final Path SSH_KEYGEN = Path.of("/usr/bin/ssh-keygen");

    /** What one ssh run left behind. */
    record Run(int exitCode, String out, String err) {
    }

    private OpenSsh() {
    }

    /** Whether the client and ssh-keygen are installed (apt-get install openssh-client; .ci/run does). */
    static boolean installed() {
        return Files.isExecutable(SSH) && Files.isExecutable(SSH_KEYGEN);
    }

    /** A new ed25519 key pair {@code dir/name} (+ .pub) with the comment {@code name@modelgate-it}, no passphrase. */
    static Path newKey(Path dir, String name) throws Exception {
        Path key = dir.resolve(name);
        Path log = dir.resolve(name + ".keygen.log");
        Process keygen = new ProcessBuilder(SSH_KEYGEN.toString(), "-q", "-t", "ed25519", "-N", "", "-C", name + "@modelgate-it",
                "-f", key.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(keygen.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(keygen.exitValue()).as(Files.readString(log)).isZero();
        return key;
    }

    /**
     * Runs one command over SSH and waits for it (2 minutes at most).
     *
     * @param work where the output files go
     * @param key the private key, or null to offer none
     * @param port the gateway's SSH port
     * @param command the Gogo command line
     * @param options more ssh options, e.g. {@code -o PubkeyAuthentication=no}
     */
    static Run run(Path work, Path key, int port, String command, String... options) throws Exception {
        List<String> argv = new ArrayList<>(List.of(SSH.toString()));
        if (key != null) {
            argv.addAll(List.of("-i", key.toString()));
        }
        argv.addAll(List.of("-p", String.valueOf(port), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-o", "ConnectTimeout=20"));
        argv.addAll(List.of(options));
        argv.addAll(List.of("admin@127.0.0.1", command));
        Path out = Files.createTempFile(work, "ssh", ".out");
        Path err = Files.createTempFile(work, "ssh", ".err");
        Process ssh = new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        if (!ssh.waitFor(120, TimeUnit.SECONDS)) {
            ssh.destroyForcibly();
            throw new AssertionError("ssh did not finish within 120 s: " + argv + "\n" + Files.readString(err));
        }
        return new Run(ssh.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
