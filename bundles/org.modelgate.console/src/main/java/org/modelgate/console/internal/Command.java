package org.modelgate.console.internal;

import java.io.PrintStream;

/**
 * The {@code mg} commands: synopsis, what each does, and how many arguments it takes.
 */
enum Command {
    MODELS("models", "[<model>]", 0, 1,
            "Lists the models in the repository with their active version and state;",
            "with a model name, shows its versions, inputs, outputs and labels.",
            "In safe mode (see mg:safemode) it says so below the table."),
    LOAD("load", "[--force] <model>", 1, 2,
            "Loads the model's active version (the last activated one, else the highest)",
            "and waits until it is READY or has failed."),
    UNLOAD("unload", "<model>", 1, 1,
            "Unloads the model: new requests are refused, running ones finish,",
            "then its resources are freed."),
    ACTIVATE("activate", "[--force] <model> <version>", 2, 3,
            "Activates a version through a trial: loads it, checks its golden samples,",
            "then switches traffic to it and commits it (kept across restarts).",
            "A version that fails is rolled back; one below the committed version",
            "is refused (see mg:rollback). A version quarantined because the gateway or",
            "its model host died while running it (CRASHED) is refused unless --force."),
    VERSIONS("versions", "<model>", 1, 1,
            "Lists the model's versions and their history: installs, trials, commits,",
            "rollbacks and removals."),
    ROLLBACK("rollback", "<model>", 1, 1,
            "Goes back to the version committed before the current one, through a trial:",
            "the one way below the committed version."),
    INSTALL("install", "<file.mgp>|<folder>|<file.jar>", 1, 1,
            "Installs a model version from a signed package (NAME-VERSION.mgp, verified",
            "against the trust store) or a folder with model.json and its files: copied",
            "into the repository crash-safely, not activated (see mg:activate).",
            "A .jar is a vendor bundle: installed (or updated) and started only if",
            "jarsigner-signed by a trusted bundle-signer key and unchanged since."),
    REMOVE("remove", "<model> <version>", 2, 2,
            "Removes a version from the repository; not the committed or serving one."),
    INFER("infer", "<model> <json>|@<file>", 2, Integer.MAX_VALUE,
            "Runs the model on an Open Inference Protocol (KServe v2) request and prints",
            "the OIP response. Quote the JSON, or read it from a file with @path:",
            "  mg:infer iris '{\"inputs\":[{\"name\":\"input\",\"shape\":[1,4],",
            "    \"datatype\":\"FP32\",\"data\":[5.1,3.5,1.4,0.2]}]}'"),
    SAFEMODE("safemode", "[off]", 0, 1,
            "Says whether the gateway is in safe mode: after starts in a row that died",
            "(PID org.modelgate.core.registry, safeModeCrashes within safeModeWindowSeconds)",
            "the models that were in trial, loading or running requests then are not",
            "loaded. 'off' leaves safe mode and loads them again (a quarantined version",
            "still needs mg:activate --force). Forcing a held-back model (mg:load --force)",
            "lifts that model alone; safe mode ends with its last one."),
    BACKENDS("backends", "", 0, 0,
            "Lists the inference backends present, the formats they run and how many",
            "models each serves."),
    PROFILE("profile", "<model> [-n <runs>]", 1, 3,
            "Measures the model on this device under every backend, accelerator driver",
            "and thread count (1, 2, all cores) beside the serving version, on its golden",
            "samples (else zeros): -n timed runs each (default 50) after a warm-up. Prints",
            "latency, throughput, load time and memory, stores the fastest candidate",
            "under a driver in <repository>/<model>/plan.json and moves the model to it.");

    private final String function;
    private final String synopsis;
    private final int minArgs;
    private final int maxArgs;
    private final String[] description;

    Command(String function, String synopsis, int minArgs, int maxArgs, String... description) {
        this.function = function;
        this.synopsis = synopsis;
        this.minArgs = minArgs;
        this.maxArgs = maxArgs;
        this.description = description;
    }

    /** The name as typed: {@code mg:load}. */
    String qualifiedName() {
        return "mg:" + function;
    }

    /** The first usage line: {@code usage: mg:load <model>}. */
    String usageLine() {
        return ("usage: " + qualifiedName() + " " + synopsis).stripTrailing();
    }

    boolean acceptsArgCount(int count) {
        return count >= minArgs && count <= maxArgs;
    }

    void printUsage(PrintStream out) {
        out.println(usageLine());
        for (String line : description) {
            out.println("  " + line);
        }
        out.println("  -h, --help  show this help");
    }
}
