package org.modelgate.access.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * {@code bin/modelgate token add NAME ROLES | list | remove NAME}: the token store without a running gateway (or
 * beside one: the gateway reads etc/tokens again when it changes). The script runs it from the access bundle's jar,
 * {@code java -cp system/.../org.modelgate.access-VERSION.jar org.modelgate.access.internal.TokenTool}; it shares
 * {@link TokenAdministration} and {@link TokenFile} with {@code mg:token}. The token store is
 * {@code modelgate.access.tokens} as a system property (JAVA_OPTS), else as set in etc/modelgate.properties, else
 * {@code etc/tokens} under {@code modelgate.home}. It cannot reach the gateway's audit log: additions and removals
 * made here are not audited.
 */
public final class TokenTool {
    static final String TOKENS = "modelgate.access.tokens";
    private static final String USAGE = "usage: modelgate token add <name> <roles: infer|manage|infer,manage>"
            + " | modelgate token remove <name> | modelgate token list";

    private TokenTool() {
    }

    /**
     * Runs one subcommand and exits with 0 (done), 1 (the store or an argument is wrong) or 2 (usage).
     *
     * @param args {@code add NAME ROLES}, {@code remove NAME} or {@code list}
     */
    public static void main(String[] args) {
        System.exit(run(Path.of(System.getProperty("modelgate.home", ".")), System.getProperty(TOKENS), System.out,
                System.err, args));
    }

    /**
     * Runs one subcommand against the token store of that home.
     *
     * @param home the distribution folder
     * @param tokensProperty the system property {@value #TOKENS}, or null
     * @return the exit status
     */
    static int run(Path home, String tokensProperty, PrintStream out, PrintStream err, String... args) {
        Path file;
        try {
            file = tokensFile(home, tokensProperty);
        } catch (IOException e) {
            err.println("modelgate token: " + home.resolve("etc/modelgate.properties") + " cannot be read: " + e.getMessage());
            return TokenAdministration.FAILED;
        }
        int status = new TokenAdministration(file, out, err, err, TokenAdministration.Audit.NONE)
                .run("modelgate token", args);
        if (status == TokenAdministration.USAGE) {
            err.println(USAGE);
        }
        return status;
    }

    /** The token store the access feature reads: the system property, etc/modelgate.properties, or etc/tokens. */
    static Path tokensFile(Path home, String tokensProperty) throws IOException {
        String configured = tokensProperty;
        Path settings = home.resolve("etc/modelgate.properties");
        if (configured == null && Files.exists(settings)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(settings, StandardCharsets.ISO_8859_1)) {
                properties.load(reader);
            }
            configured = properties.getProperty(TOKENS);
        }
        if (configured == null || configured.isBlank()) {
            return home.resolve("etc/tokens");
        }
        return home.resolve(configured.strip().replace("${modelgate.home}", home.toString()));
    }
}
