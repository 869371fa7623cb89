package org.modelgate.audit.internal;

import java.io.PrintStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

import org.modelgate.audit.AuditEntry;

/**
 * Audit entries for an 80-column terminal: one row per entry (SEQ, TIME UTC, ACTOR, ACTION, SUBJECT),
 * its details on an indented line below; anything longer ends in "...". An actor longer than its
 * column (an SSH operator: {@code admin (ssh key SHA256:..., alice@laptop)}) shows its first word in
 * the row and the whole name, never cut, on an indented {@code by} line.
 */
final class EntryTable {
    static final int WIDTH = 80;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final String ROW = "%-6s %-19s %-10s %-18s %s";

    private EntryTable() {
    }

    static void print(List<AuditEntry> entries, PrintStream out) {
        if (entries.isEmpty()) {
            out.println("no audit entries yet");
            return;
        }
        out.println(String.format(ROW, "SEQ", "TIME (UTC)", "ACTOR", "ACTION", "SUBJECT").stripTrailing());
        for (AuditEntry entry : entries) {
            String actor = entry.actor();
            String shortActor = actor.split(" ", 2)[0];
            out.println(fit(String.format(ROW, entry.sequence(), TIME.format(entry.time()), fit(shortActor, 10),
                    fit(entry.action(), 18), entry.subject())));
            if (!actor.equals(shortActor) || actor.length() > 10) {
                out.println("       by " + actor);
            }
            if (!entry.details().isEmpty()) {
                out.println(fit("       " + entry.details().entrySet().stream()
                        .map(d -> d.getKey() + "=" + d.getValue()).collect(Collectors.joining(" "))));
            }
        }
    }

    private static String fit(String text) {
        return fit(text, WIDTH);
    }

    private static String fit(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 3) + "...";
    }
}
