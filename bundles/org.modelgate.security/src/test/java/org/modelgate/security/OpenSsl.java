package org.modelgate.security;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the {@code openssl} command line tool for tests; a test that needs it is skipped, saying why, when it is absent. */
final class OpenSsl {
    private OpenSsl() {
    }

    /** Skips the calling test when {@code openssl} cannot be run. */
    static void assumeInstalled() {
        boolean installed;
        try {
            installed = run("version").startsWith("OpenSSL");
        } catch (IOException | IllegalStateException e) {
            installed = false;
        }
        assumeTrue(installed, "skipped: the openssl command is not installed (apt-get install openssl), so no"
                + " OpenSSL-made key can be checked here");
    }

    /** Runs {@code openssl ARGS} and returns its standard output; fails on a non-zero exit. */
    static String run(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("openssl " + String.join(" ", args) + " failed: " + out);
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
