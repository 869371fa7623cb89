package org.modelgate.webconsole.tool;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.modelgate.webconsole.internal.PasswordHash;
import org.modelgate.webconsole.internal.UsersFile;
import org.modelgate.webconsole.internal.UsersFileException;

/**
 * {@code bin/webconsole-passwd}: sets a Web Console user's password in the users file (adding the
 * user if new), with or without a running gateway, which uses it from the next request. The password
 * is read from the terminal without echo (twice), or with {@code --stdin} as one line from standard
 * input (for scripts). Setting {@code admin}'s password deletes the password generated at the first
 * start, which no longer works.
 *
 * <pre>
 * bin/webconsole-passwd admin
 * printf '%s\n' "$NEW_PASSWORD" | bin/webconsole-passwd --stdin operator
 * </pre>
 *
 * <p>Exit codes: 0 set, 1 refused (short password, bad users file, I/O error), 2 wrong usage.
 */
public final class WebconsolePasswd {
    static final int MIN_LENGTH = 12;
    private static final String USAGE = """
            Usage: webconsole-passwd [--stdin] [--users FILE] [--iterations N] USER
              Sets USER's Web Console password (adds USER if new) in FILE, by default
              $MODELGATE_HOME/etc/webconsole.users. The password is asked twice on the terminal,
              or read as one line from standard input with --stdin. At least %d characters.
            """.formatted(MIN_LENGTH);

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;
    private final Console console;
    private final Path home;

    WebconsolePasswd(InputStream in, PrintStream out, PrintStream err, Console console, Path home) {
        this.in = in;
        this.out = out;
        this.err = err;
        this.console = console;
        this.home = home;
    }

    /**
     * Runs the tool.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        String home = System.getenv("MODELGATE_HOME");
        System.exit(new WebconsolePasswd(System.in, System.out, System.err, System.console(),
                Path.of(home == null || home.isBlank() ? "." : home)).run(args));
    }

    int run(String[] args) {
        boolean stdin = false;
        Path usersFile = home.resolve("etc").resolve("webconsole.users");
        int iterations = PasswordHash.DEFAULT_ITERATIONS;
        List<String> rest = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--stdin" -> stdin = true;
                    case "--users" -> usersFile = Path.of(args[++i]);
                    case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                    case "-h", "--help" -> {
                        out.print(USAGE);
                        return 0;
                    }
                    default -> rest.add(args[i]);
                }
            }
        } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
            return usage("a value is missing or not a number");
        }
        if (rest.size() != 1 || rest.get(0).startsWith("-")) {
            return usage(rest.isEmpty() ? "name the user" : "unknown option or extra argument: " + rest);
        }
        String user = rest.get(0);
        char[] password = null;
        try {
            UsersFile.checkName(user);
            password = stdin ? fromStdin() : fromTerminal(user);
            if (password == null) {
                return 1;
            }
            if (password.length < MIN_LENGTH) {
                err.println("webconsole-passwd: the password must have at least " + MIN_LENGTH + " characters");
                return 1;
            }
            UsersFile.setPassword(usersFile, user, PasswordHash.of(password, iterations));
            out.println("Password of '" + user + "' set in " + usersFile + " (a running gateway uses it from the next request).");
            Path generated = usersFile.resolveSibling("webconsole.password");
            if (user.equals("admin") && Files.deleteIfExists(generated)) {
                out.println("Deleted " + generated + ": the password generated at the first start no longer works.");
            }
            return 0;
        } catch (UsersFileException | IllegalArgumentException e) {
            err.println("webconsole-passwd: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("webconsole-passwd: " + e);
            return 1;
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    private char[] fromStdin() throws IOException {
        String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            err.println("webconsole-passwd: no password on standard input");
            return null;
        }
        return line.toCharArray();
    }

    private char[] fromTerminal(String user) {
        if (console == null) {
            err.println("webconsole-passwd: no terminal to ask for the password; give it on standard input with --stdin");
            return null;
        }
        char[] first = console.readPassword("New Web Console password for %s: ", user);
        char[] second = first == null ? null : console.readPassword("Again: ");
        if (first == null || second == null) {
            err.println("webconsole-passwd: no password given");
            return null;
        }
        boolean same = Arrays.equals(first, second);
        Arrays.fill(second, '\0');
        if (!same) {
            Arrays.fill(first, '\0');
            err.println("webconsole-passwd: the two passwords differ; nothing changed");
            return null;
        }
        return first;
    }

    private int usage(String problem) {
        err.println("webconsole-passwd: " + problem);
        err.print(USAGE);
        return 2;
    }
}
