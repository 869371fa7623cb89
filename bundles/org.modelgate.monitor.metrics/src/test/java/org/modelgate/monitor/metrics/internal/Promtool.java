package org.modelgate.monitor.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Runs {@code promtool check metrics} (Debian package prometheus); a test that needs it skips where it is absent. */
final class Promtool {
    private Promtool() {
    }

    static void assertValid(Path exposition) throws IOException, InterruptedException {
        assumeTrue(onPath(), "promtool is not installed (apt-get install prometheus): the exposition was not linted");
        Process process = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true)
                .redirectInput(exposition.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("promtool check metrics said:\n" + output).isZero();
        assertThat(output).as("promtool lint findings").isBlank();
    }

    private static boolean onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "promtool"))) {
                return true;
            }
        }
        return false;
    }
}
