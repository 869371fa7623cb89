package org.modelgate.access.internal;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

import org.modelgate.audit.AuditLog;
import org.modelgate.gogo.GogoCommand;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The Gogo command {@code mg:token}: {@code mg:token add NAME ROLES} prints a new token once (only its hash is
 * stored), {@code mg:token remove NAME} revokes it, {@code mg:token list} shows names and roles, and
 * {@code mg:token denied} the denied calls since the start. Adding and removing are audited.
 */
@Component(service = Object.class, configurationPid = AccessConfig.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@GogoCommand(scope = "mg", function = "token")
public class TokenCommands {
    private static final String USAGE = "usage: mg:token add <name> <roles: infer|manage|infer,manage> | mg:token remove <name>"
            + " | mg:token list | mg:token denied";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AuditLog audit;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile org.modelgate.access.AccessControl access;

    // Gogo swaps System.out per session thread: read it at each call, never keep it.
    private final Supplier<PrintStream> out;
    private final Supplier<PrintStream> err;
    private Path file;

    /** The component, printing to the calling session. */
    public TokenCommands() {
        this(() -> System.out, () -> System.err);
    }

    TokenCommands(Supplier<PrintStream> out, Supplier<PrintStream> err) {
        this.out = out;
        this.err = err;
    }

    @Activate
    void activate(AccessConfig config) {
        file = Path.of(config.tokensFile());
    }

    void useFile(Path tokensFile) {
        file = tokensFile;
    }

    /**
     * {@code mg:token add|remove|list|denied}.
     *
     * @param args the subcommand and its arguments
     */
    public void token(String... args) {
        if (args.length == 1 && args[0].equals("denied")) {
            org.modelgate.access.AccessControl now = access;
            out.get().println(now == null ? "access control is not running" : "denied calls: " + now.denied());
            return;
        }
        PrintStream session = out.get();
        int status = new TokenAdministration(file, session, session, err.get(), this::audit).run("mg:token", args);
        if (status == TokenAdministration.USAGE) {
            err.get().println("mg:token: " + USAGE);
        }
    }

    private void audit(String action, String name, Map<String, String> details) {
        AuditLog log = audit;
        if (log != null) {
            log.record("console", action, name, details);
        }
    }
}
