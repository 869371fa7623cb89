package org.modelgate.packaging.internal;

import java.io.PrintStream;
import java.util.function.Supplier;

import org.modelgate.gogo.GogoCommand;
import org.osgi.service.component.annotations.Component;

/**
 * Gogo commands {@code mg:pack <folder> --key <pem> [--out <dir>]}: signs a model folder and writes
 * its package, with a progress bar for large folders; and {@code mg:reference <folder> --data <file> ...}:
 * writes the reference profile of training data into the folder's model.json (as {@code mgpack reference}).
 *
 * <p>A plain public method (Gogo calls it by reflection). Output goes to the session's
 * {@code System.out}, failures are one line on {@code System.err}, never a stack trace.
 */
@Component(service = Object.class)
@GogoCommand(scope = "mg", function = {"pack", "reference"})
public class PackCommand {
    static final String USAGE = "usage: mg:" + PackingTool.PACK_SYNOPSIS;
    static final String REFERENCE_USAGE = "usage: mg:" + PackingTool.REFERENCE_SYNOPSIS;

    // Gogo swaps System.out per session thread: read it at each call, never keep it.
    private final Supplier<PrintStream> out;
    private final Supplier<PrintStream> err;

    /** The component, printing to the calling session. */
    public PackCommand() {
        this(() -> System.out, () -> System.err);
    }

    PackCommand(Supplier<PrintStream> out, Supplier<PrintStream> err) {
        this.out = out;
        this.err = err;
    }

    /**
     * {@code mg:pack <folder> --key <pem> [--out <dir>]}.
     *
     * @param args the folder and options, or -h
     */
    public void pack(String... args) {
        new PackingTool("mg:pack", out.get(), err.get()).pack(args, USAGE);
    }

    /**
     * {@code mg:reference <folder> --data <file> [--outputs <file>] [--input <tensor>] [--key <pem>]}.
     *
     * @param args the folder and options, or -h
     */
    public void reference(String... args) {
        new PackingTool("mg:reference", out.get(), err.get()).reference(args, REFERENCE_USAGE);
    }
}
