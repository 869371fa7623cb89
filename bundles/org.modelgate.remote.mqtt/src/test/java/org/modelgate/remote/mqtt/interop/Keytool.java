package org.modelgate.remote.mqtt.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The JDK's keytool, run as a process: how the tests make their certificates without a crypto library. */
final class Keytool {
    static final String STORE_PASSWORD = "changeit";

    private final Path folder;

    Keytool(Path folder) {
        this.folder = folder;
    }

    /** Runs keytool in the folder with the given arguments; fails with keytool's own output when it does. */
    void run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        // keytool starts a JVM per call; C1 only keeps the ~20 calls of a certificate set short.
        command.add("-J-XX:TieredStopAtLevel=1");
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("keytool did not finish within 2 minutes: " + command);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("keytool failed (" + process.exitValue() + "): " + command + "\n" + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run keytool: " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running keytool", e);
        }
    }
}
