package org.modelgate.access.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

/**
 * Adding, listing and removing bearer tokens in a token store, for both {@code mg:token} (in the gateway) and
 * {@code bin/modelgate token} (without it, {@link TokenTool}): one implementation of the subcommands, their output and
 * their errors. JDK-only, so that the command-line tool runs from the bundle's jar on a plain class path.
 */
final class TokenAdministration {
    /** Where additions and removals are recorded; {@link #NONE} where no audit log can be reached. */
    @FunctionalInterface
    interface Audit {
        Audit NONE = (action, name, details) -> {
        };

        void record(String action, String name, Map<String, String> details);
    }

    /** Exit status: done. */
    static final int OK = 0;
    /** Exit status: the store or an argument is wrong (the message says which). */
    static final int FAILED = 1;
    /** Exit status: not a subcommand. */
    static final int USAGE = 2;

    private final Path file;
    private final PrintStream out;
    private final PrintStream notes;
    private final PrintStream err;
    private final Audit audit;

    /**
     * @param file the token store
     * @param out where a new token and the list are printed
     * @param notes where the note that goes with a new token is printed (stderr for the tool, so that
     *        {@code TOKEN=$(bin/modelgate token add ...)} holds the token alone)
     * @param err where errors are printed
     * @param audit where additions and removals are recorded
     */
    TokenAdministration(Path file, PrintStream out, PrintStream notes, PrintStream err, Audit audit) {
        this.file = file;
        this.out = out;
        this.notes = notes;
        this.err = err;
        this.audit = audit;
    }

    /** Whether the arguments are one of {@code add NAME ROLES}, {@code remove NAME}, {@code list}. */
    static boolean handles(String... args) {
        return args.length == 3 && args[0].equals("add") || args.length == 2 && args[0].equals("remove")
                || args.length == 1 && args[0].equals("list");
    }

    /**
     * Runs {@code add NAME ROLES}, {@code remove NAME} or {@code list}; errors are printed prefixed with the command's
     * name.
     *
     * @return {@link #OK}, {@link #FAILED} or {@link #USAGE}
     */
    int run(String command, String... args) {
        if (!handles(args)) {
            return USAGE;
        }
        try {
            switch (args[0]) {
                case "add" -> {
                    String token = TokenFile.add(file, args[1], args[2]);
                    audit.record("token.added", args[1], Map.of("roles", args[2]));
                    notes.println("token for " + args[1] + " (" + args[2] + "), shown only now; send it as"
                            + " 'Authorization: Bearer <token>':");
                    out.println(token);
                }
                case "remove" -> {
                    if (!TokenFile.remove(file, args[1])) {
                        err.println(command + ": no token named " + args[1] + " in " + file);
                        return FAILED;
                    }
                    audit.record("token.removed", args[1], Map.of());
                    out.println("removed the token of " + args[1]);
                }
                default -> {
                    for (Token t : TokenFile.read(file)) {
                        out.println(t.name() + " " + String.join(",", new TreeSet<>(t.roles())));
                    }
                }
            }
            return OK;
        } catch (TokenFileException | IllegalArgumentException e) {
            err.println(command + ": " + e.getMessage());
            return FAILED;
        }
    }
}
