package org.modelgate.host.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.modelgate.host.CrashReport;

/** Says why a host process ended, in a few words for a log line, a failed request and the version's history. */
final class DeathCause {
    private static final Map<Integer, String> SIGNALS = Map.of(1, "SIGHUP", 2, "SIGINT", 4, "SIGILL", 6, "SIGABRT", 7,
            "SIGBUS", 8, "SIGFPE", 9, "SIGKILL", 11, "SIGSEGV", 13, "SIGPIPE", 15, "SIGTERM");

    private DeathCause() {
    }

    static String of(Process process, String endedBecause, Path crashFolder, HostOutput output) {
        if (endedBecause != null) {
            return endedBecause;
        }
        if (process.isAlive()) {
            return "it stopped answering";
        }
        Optional<CrashReport> crash = Optional.empty();
        Path file = crashFolder.resolve("hs_err_pid" + process.pid() + ".log");
        try {
            crash = CrashReport.read(file);
        } catch (IOException e) {
            // no report to read: the exit code says what is known
        }
        if (crash.isPresent()) {
            return crash.get().summary() + " (report " + file + ")";
        }
        int code = process.exitValue();
        if (code > 128 && code - 128 < 32) {
            int signal = code - 128;
            return "killed by signal " + signal + (SIGNALS.containsKey(signal) ? " (" + SIGNALS.get(signal) + ")" : "");
        }
        String words = output == null ? null : output.lastWords();
        return "exit code " + code + (code != 0 && words != null ? "; it said: " + words : "");
    }
}
