package org.modelgate.packaging.internal;

import java.io.PrintStream;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Component;

/**
 * Gogo command {@code mg:pack <folder> --key <pem> [--out <dir>]}: signs a model folder and writes
 * its package, with a progress bar for large folders.
 *
 * <p>A plain public method (Gogo calls it by reflection). Output goes to the session's
 * {@code System.out}, failures are one line on {@code System.err}, never a stack trace.
 */
@Component(service = Object.class)
@GogoCommand(scope = "mg", function = {"pack"})
public class PackCommand {
    static final String USAGE = "usage: mg:" + PackingTool.PACK_SYNOPSIS;

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
}
