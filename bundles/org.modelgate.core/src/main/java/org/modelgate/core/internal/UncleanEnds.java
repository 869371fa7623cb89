package org.modelgate.core.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The durable record behind safe mode, {@value #FILE_NAME} in the crash report folder: the unclean ends of the
 * gateway since its last orderly stop (each with what the models were doing then), and the models safe mode holds
 * back. Small and human-readable; one tab-separated line each:
 *
 * <pre>
 * end   2026-12-07T00:01:02Z  SIGFPE in libonnxruntime.so  div 1.0.0 in trial|iris 1.0.0 running 2 request(s)
 * safe-mode  2026-12-07T00:03:00Z  2  SIGFPE in libonnxruntime.so
 * held  div  1.0.0 in trial when the gateway died
 * </pre>
 *
 * Written atomically through {@link DurableFiles}: a power cut leaves the old record or the new one.
 */
final class UncleanEnds {
    static final String FILE_NAME = "unclean-ends";
    private static final System.Logger LOG = System.getLogger(UncleanEnds.class.getName());
    private static final String HEADER = "# Modelgate: unclean ends since the last orderly stop, and the models safe mode "
            + "holds back (PID org.modelgate.core.registry, safeModeCrashes). mg:safemode off clears it.\n";

    /** A model version that was busy when the gateway died. */
    record Implicated(String model, String version, String what) {
        String describe() {
            return version + " " + what;
        }
    }

    /** One death of the gateway, as the next start found it. */
    record End(Instant found, String cause, List<Implicated> implicated) {
        End {
            implicated = List.copyOf(implicated);
            cause = cause == null ? "" : cause;
        }
    }

    private final DurableFiles files;
    private final Path file;
    final List<End> ends = new ArrayList<>();
    /** Model name to what it was doing; empty when not in safe mode. */
    final Map<String, String> withheld = new LinkedHashMap<>();
    /** Safe mode: since when, after how many ends in a row, and what was known of them; null when not in it. */
    Instant safeSince;
    int safeEnds;
    String safeCause = "";

    UncleanEnds(DurableFiles files, Path folder) {
        this.files = files;
        this.file = folder.resolve(FILE_NAME);
    }

    Path file() {
        return file;
    }

    /** Reads the record; a missing file is an empty record, a line that cannot be read is skipped and logged. */
    UncleanEnds read() {
        ends.clear();
        withheld.clear();
        safeSince = null;
        safeEnds = 0;
        safeCause = "";
        if (!Files.isRegularFile(file)) {
            return this;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    parse(line);
                }
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot read " + file + " (" + e.getMessage() + "); starting as if no "
                    + "unclean end were recorded");
        }
        return this;
    }

    private void parse(String line) {
        String[] f = line.split("\t", -1);
        try {
            if (f[0].equals("end") && f.length == 4) {
                List<Implicated> implicated = new ArrayList<>();
                for (String entry : f[3].split("\\|")) {
                    String[] p = entry.split(" ", 3);
                    if (p.length == 3) {
                        implicated.add(new Implicated(p[0], p[1], p[2]));
                    }
                }
                ends.add(new End(Instant.parse(f[1]), f[2], implicated));
                return;
            }
            if (f[0].equals("safe-mode") && f.length == 4) {
                safeSince = Instant.parse(f[1]);
                safeEnds = Integer.parseInt(f[2]);
                safeCause = f[3];
                return;
            }
            if (f[0].equals("held") && f.length == 3) {
                withheld.put(f[1], f[2]);
                return;
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            // fall through
        }
        LOG.log(System.Logger.Level.WARNING, "skipping a line of " + file + " that is not understood: " + line);
    }

    /** Writes the record; an empty one is removed. */
    void write() {
        try {
            if (ends.isEmpty() && withheld.isEmpty()) {
                Files.deleteIfExists(file);
                return;
            }
            StringBuilder text = new StringBuilder(HEADER);
            for (End end : ends) {
                text.append("end\t").append(end.found()).append('\t').append(oneLine(end.cause())).append('\t');
                text.append(String.join("|", end.implicated().stream()
                        .map(i -> i.model() + " " + i.version() + " " + oneLine(i.what())).toList())).append('\n');
            }
            if (!withheld.isEmpty()) {
                text.append("safe-mode\t").append(safeSince).append('\t').append(safeEnds).append('\t')
                        .append(oneLine(safeCause)).append('\n');
            }
            for (Map.Entry<String, String> model : withheld.entrySet()) {
                text.append("held\t").append(model.getKey()).append('\t').append(oneLine(model.getValue())).append('\n');
            }
            files.createFolders(file.getParent());
            files.writeAtomically(file, text.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write " + file + " (" + e.getMessage() + "); safe mode cannot "
                    + "count this start");
        }
    }

    /** Leaves safe mode in the record (not written yet). */
    void clearSafeMode() {
        withheld.clear();
        safeSince = null;
        safeEnds = 0;
        safeCause = "";
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\t\\r\\n|]+", " ").trim();
    }
}
