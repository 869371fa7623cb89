package org.modelgate.host;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What a JVM's fatal error report ({@code hs_err_pid<pid>.log}, written where {@code -XX:ErrorFile} says)
 * tells about a crash: the signal, the native frame it hit, and the thread that ran it.
 *
 * <pre>{@code
 * CrashReport.read(Path.of("data/crash/hs_err_pid4711.log"))
 *         .map(CrashReport::summary);   // "SIGFPE in libonnxruntime.so (thread modelgate-load)"
 * }</pre>
 *
 * @param signal the signal's name, e.g. {@code SIGFPE}, or the error's first line when no signal caused it
 * @param library the library of the problematic frame, e.g. {@code libonnxruntime.so}, or null
 * @param frame the problematic frame as the report writes it, e.g. {@code C  [libonnxruntime.so+0x8e1a2b]}, or null
 * @param thread the name of the thread that crashed, or null
 * @param pid the crashed process's id, or -1
 */
@ProviderType
public record CrashReport(String signal, String library, String frame, String thread, long pid) {
    private static final Pattern SIGNAL = Pattern.compile("^#\\s+(SIG[A-Z]+)\\s+\\(0x[0-9a-f]+\\).*?(?:pid=(\\d+))?",
            Pattern.MULTILINE);
    private static final Pattern INTERNAL = Pattern.compile("^#\\s+(Internal Error|Out of Memory Error)[^\\n]*", Pattern.MULTILINE);
    private static final Pattern PID = Pattern.compile("pid=(\\d+)");
    private static final Pattern FRAME = Pattern.compile("^# Problematic frame:\\s*\\n#\\s*(\\S.*)$", Pattern.MULTILINE);
    private static final Pattern LIBRARY = Pattern.compile("\\[([^+\\]]+)");
    private static final Pattern THREAD = Pattern.compile("^Current thread \\([^)]*\\):\\s+\\w+\\s+\"([^\"]*)\"", Pattern.MULTILINE);

    /**
     * Reads a fatal error report.
     *
     * @param file the report
     * @return what it says, or empty when the file does not exist or is not such a report
     * @throws IOException when it exists but cannot be read
     */
    public static Optional<CrashReport> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        byte[] bytes = Files.readAllBytes(file);
        // the head holds everything used here; a report can be several hundred KB
        return parse(new String(bytes, 0, Math.min(bytes.length, 64 * 1024), StandardCharsets.UTF_8));
    }

    /**
     * Parses the text of a fatal error report.
     *
     * @param text the report, or its first part
     * @return what it says, or empty when it is not such a report
     */
    public static Optional<CrashReport> parse(String text) {
        if (!text.contains("A fatal error has been detected by the Java Runtime Environment")) {
            return Optional.empty();
        }
        String signal;
        Matcher m = SIGNAL.matcher(text);
        if (m.find()) {
            signal = m.group(1);
        } else {
            Matcher internal = INTERNAL.matcher(text);
            signal = internal.find() ? internal.group(1) : "fatal error";
        }
        long pid = -1;
        Matcher p = PID.matcher(text);
        if (p.find()) {
            pid = Long.parseLong(p.group(1));
        }
        String frame = null;
        String library = null;
        Matcher f = FRAME.matcher(text);
        if (f.find()) {
            frame = f.group(1).trim();
            Matcher lib = LIBRARY.matcher(frame);
            if (lib.find()) {
                library = lib.group(1);
            }
        }
        Matcher t = THREAD.matcher(text);
        String thread = t.find() ? t.group(1) : null;
        return Optional.of(new CrashReport(signal, library, frame, thread, pid));
    }

    /**
     * The crash in a few words, for a history entry or a log line.
     *
     * @return e.g. {@code SIGFPE in libonnxruntime.so (thread modelgate-load)}
     */
    public String summary() {
        StringBuilder text = new StringBuilder(signal);
        if (library != null) {
            text.append(" in ").append(library);
        } else if (frame != null) {
            text.append(" at ").append(frame);
        }
        if (thread != null) {
            text.append(" (thread ").append(thread).append(')');
        }
        return text.toString();
    }
}
