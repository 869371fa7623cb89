package org.modelgate.benchmarks;

import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Keeps the components' INFO logging (a line per model load) out of runs that load hundreds of models. */
final class Quiet {
    private Quiet() {
    }

    static void logging() {
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        for (Handler handler : root.getHandlers()) {
            handler.setLevel(Level.WARNING);
        }
    }
}
