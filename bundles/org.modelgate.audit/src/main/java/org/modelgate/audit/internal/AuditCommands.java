package org.modelgate.audit.internal;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.modelgate.audit.AuditCheckpoint;
import org.modelgate.audit.AuditLog;
import org.modelgate.audit.AuditLogException;
import org.modelgate.audit.AuditVerification;
import org.modelgate.gogo.GogoCommand;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The Gogo command {@code mg:audit}: {@code mg:audit [-n N]} shows the last entries, {@code mg:audit
 * verify} checks the whole chain.
 *
 * <p>Failures are one line on {@code System.err}. A broken chain is also thrown as
 * {@link AuditBrokenException} so that the command fails (an SSH exec gets a non-zero status) and a
 * script can alert on it.
 */
@Component(service = Object.class)
@GogoCommand(scope = "mg", function = "audit")
public class AuditCommands {
    static final int DEFAULT_COUNT = 20;
    private static final String USAGE = "usage: mg:audit [-n <count>] | mg:audit verify";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AuditLog audit;

    // Gogo swaps System.out per session thread: read it at each call, never keep it.
    private final Supplier<PrintStream> out;
    private final Supplier<PrintStream> err;

    /** The component, printing to the calling session. */
    public AuditCommands() {
        this(() -> System.out, () -> System.err);
    }

    AuditCommands(Supplier<PrintStream> out, Supplier<PrintStream> err) {
        this.out = out;
        this.err = err;
    }

    /**
     * {@code mg:audit [-n N]} and {@code mg:audit verify}.
     *
     * @param args nothing, {@code -n N}, {@code verify}, or {@code -h}
     */
    public void audit(String... args) {
        List<String> given = args == null ? List.of() : Arrays.asList(args);
        if (given.contains("-h") || given.contains("--help")) {
            printUsage(out.get());
            return;
        }
        try {
            if (given.equals(List.of("verify"))) {
                verify();
            } else if (given.isEmpty()) {
                EntryTable.print(log().tail(DEFAULT_COUNT), out.get());
            } else if (given.size() == 2 && given.get(0).equals("-n")) {
                EntryTable.print(log().tail(count(given.get(1))), out.get());
            } else {
                err.get().println("mg:audit: unexpected arguments " + given + "; " + USAGE);
            }
        } catch (AuditLogException | IllegalStateException | IllegalArgumentException e) {
            err.get().println("mg:audit: " + e.getMessage());
        }
    }

    private void verify() {
        AuditVerification result = log().verify();
        String recovered = result.recoveredTails() == 0 ? ""
                : ", " + result.recoveredTails() + " torn tail(s) recovered (see audit.recovered entries)";
        if (result.ok()) {
            out.get().println("OK: " + result.entriesChecked() + " entries, chain intact" + recovered);
            out.get().println("head: sequence " + result.lastSequence() + " hash " + result.headHash());
            printAnchor(result);
            return;
        }
        String message = "BROKEN at " + result.firstBreak().describe();
        err.get().println("mg:audit verify: " + message);
        out.get().println(result.entriesChecked() + " entries sound before the break, up to sequence "
                + result.lastSequence() + recovered);
        throw new AuditBrokenException(message);
    }

    private void printAnchor(AuditVerification result) {
        AuditCheckpoint last = result.lastCheckpoint();
        if (last != null) {
            out.get().println("anchored: " + result.checkpointsChecked() + " signed checkpoint(s) match the log; the last"
                    + " at sequence " + last.sequence() + " (" + last.time() + ", key " + last.keyId() + ")"
                    + (result.lastSequence() > last.sequence() ? "; entries after it are not anchored yet" : ""));
        }
        if (result.anchorNote() != null) {
            out.get().println("not anchored: " + result.anchorNote());
        }
    }

    private AuditLog log() {
        AuditLog service = audit;
        if (service == null) {
            throw new IllegalStateException("the audit log is not available (is org.modelgate.audit active and"
                    + " its file writable? see the framework log)");
        }
        return service;
    }

    private static int count(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("-n takes a count of 0 or more, got '" + text + "'");
    }

    private static void printUsage(PrintStream out) {
        out.println(USAGE);
        out.println("  Shows the last entries of the audit log (default " + DEFAULT_COUNT + "), oldest first:");
        out.println("  sequence, UTC time, actor, action, subject, then the details indented.");
        out.println("  verify  re-reads the whole log and checks every entry's hash and its link to");
        out.println("          the one before, then every signed checkpoint against the log (entries cut");
        out.println("          off the end, a rewritten tail, a deleted checkpoint file); prints OK with");
        out.println("          the count, the head hash and the last checkpoint, or the first break with");
        out.println("          its line and reason, and fails.");
        out.println("  -n <count>  how many entries to show");
        out.println("  -h, --help  show this help");
    }

    /** The chain is broken; the message says where and why. */
    static final class AuditBrokenException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AuditBrokenException(String message) {
            super(message);
        }
    }
}
