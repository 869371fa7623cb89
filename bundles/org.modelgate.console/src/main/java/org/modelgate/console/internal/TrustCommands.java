package org.modelgate.console.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.modelgate.api.ModelInfo;
import org.modelgate.api.ModelRegistry;
import org.modelgate.api.Operator;
import org.modelgate.api.VersionEvent;
import org.modelgate.gogo.GogoCommand;
import org.modelgate.security.KeyRole;
import org.modelgate.security.TrustStore;
import org.modelgate.security.TrustStoreAdmin;
import org.modelgate.security.TrustStoreException;
import org.modelgate.security.TrustedCa;
import org.modelgate.security.TrustedKey;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * {@code mg:trust}: lists, adds, revokes and removes the keys the gateway trusts to sign models and
 * bundles. Changes are made by the security bundle's {@link TrustStoreAdmin} on behalf of the
 * session's operator, so the audit log says who made them.
 */
@Component(service = Object.class)
@GogoCommand(scope = "mg", function = "trust")
public class TrustCommands {
    private static final String USAGE = "usage: mg:trust [list] | signers [<model>] | add <role> <name> <key.pem>"
            + " | revoke <name>|<hint>|<fingerprint>|serial:<hex> | remove <role> <name>";
    /** What the registry writes before the signer at the end of an INSTALLED history line. */
    private static final String SIGNED_BY = "; signed by ";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ModelRegistry registry;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile TrustStoreAdmin admin;

    // Gogo swaps System.out per session thread: read it at each call, never keep it.
    private final Supplier<PrintStream> out;
    private final Supplier<PrintStream> err;
    private final Supplier<String> operator;

    /** The component, printing to the calling session. */
    public TrustCommands() {
        this(() -> System.out, () -> System.err, OperatorName::ofCurrentSession);
    }

    TrustCommands(Supplier<PrintStream> out, Supplier<PrintStream> err, Supplier<String> operator) {
        this.out = out;
        this.err = err;
        this.operator = operator;
    }

    /**
     * {@code mg:trust [list|add|revoke|remove ...]}.
     *
     * @param args the sub-command and its arguments, or -h
     */
    public void trust(String... args) {
        List<String> given = args == null ? List.of() : Arrays.asList(args);
        if (given.contains("-h") || given.contains("--help")) {
            printUsage(out.get());
            return;
        }
        try {
            Operator.run(operator.get(), () -> dispatch(given));
        } catch (CommandFailure e) {
            err.get().println("mg:trust: " + e.getMessage());
        } catch (RuntimeException e) {
            err.get().println("mg:trust: failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private void dispatch(List<String> given) {
        String sub = given.isEmpty() ? "list" : given.get(0);
        List<String> rest = given.isEmpty() ? List.of() : given.subList(1, given.size());
        try {
            switch (sub) {
                case "list" -> {
                    arguments(rest, 0);
                    list(admin().current());
                }
                case "signers" -> {
                    if (rest.size() > 1) {
                        throw new CommandFailure("wrong number of arguments; " + USAGE);
                    }
                    signers(rest.isEmpty() ? null : rest.get(0));
                }
                case "add" -> {
                    arguments(rest, 3);
                    TrustedKey key = admin().add(role(rest.get(0)), rest.get(1), readPem(Path.of(rest.get(2))));
                    out.get().println("added " + key.role().folderName() + "/" + key.id() + " (hint " + key.hint()
                            + "); it verifies from now on");
                }
                case "revoke" -> {
                    arguments(rest, 1);
                    List<TrustedKey> revoked = admin().revoke(rest.get(0));
                    out.get().println("revoked " + rest.get(0) + (revoked.isEmpty() ? " (no key file has that hint now;"
                            + " a certificate with that fingerprint or serial verifies nothing)"
                            : " in " + String.join(", ", revoked.stream().map(k -> k.role().folderName() + "/" + k.id()).toList()))
                            + "; it verifies nothing from now on");
                }
                case "remove" -> {
                    arguments(rest, 2);
                    TrustedKey key = admin().remove(role(rest.get(0)), rest.get(1));
                    out.get().println("removed " + key.role().folderName() + "/" + key.id() + " (hint " + key.hint() + ")"
                            + (key.revoked() ? "; it stays revoked" : "; to refuse it even if it comes back: mg:trust revoke " + key.hint()));
                }
                default -> throw new CommandFailure("unknown sub-command '" + sub + "'; " + USAGE);
            }
        } catch (TrustStoreException e) {
            throw new CommandFailure(e.getMessage());
        }
    }

    private void list(TrustStore store) {
        if (store.keys().isEmpty() && store.certificateAuthorities().isEmpty()) {
            out.get().println("no trusted keys or CAs: nothing signed can be installed (mg:trust add ..., or a CA"
                    + " certificate in model-ca/)");
            return;
        }
        if (!store.keys().isEmpty()) {
            TextTable table = new TextTable(new String[] {"ROLE", "NAME", "HINT", "STATE"}, new int[] {13, 24, 16, 7});
            for (TrustedKey key : store.keys()) {
                table.row(key.role().folderName(), key.id(), key.hint().substring(0, 16), key.revoked() ? "revoked" : "valid");
            }
            table.print(out.get());
        }
        if (!store.certificateAuthorities().isEmpty()) {
            if (!store.keys().isEmpty()) {
                out.get().println();
            }
            // One line per CA, never cut: the subject is how an operator recognises it.
            for (TrustedCa ca : store.certificateAuthorities()) {
                out.get().println(TrustStore.MODEL_CA_FOLDER + "/" + ca.id() + "  " + (ca.revoked() ? "revoked" : "valid")
                        + "  until " + ca.certificate().getNotAfter().toInstant().toString().substring(0, 10) + "  sha256 "
                        + ca.fingerprint() + "  " + ca.subject());
            }
        }
    }

    /** Who signed each installed version, as the registry recorded it when it verified the install. */
    private void signers(String onlyModel) {
        ModelRegistry service = registry;
        if (service == null) {
            throw new CommandFailure("the model registry is not available (is org.modelgate.core running?)");
        }
        List<ModelInfo> models = onlyModel == null ? service.models()
                : List.of(service.model(onlyModel).orElseThrow(() -> new CommandFailure("no model '" + onlyModel + "'")));
        // One line per version, never cut: the signer's full subject is what this command is for.
        int rows = 0;
        for (ModelInfo model : models) {
            List<VersionEvent> history = service.history(model.name());
            for (String version : model.versions()) {
                out.get().println(model.name() + " " + version + "  signed by " + signer(history, version));
                rows++;
            }
        }
        if (rows == 0) {
            out.get().println("no model versions installed");
        }
    }

    private static String signer(List<VersionEvent> history, String version) {
        String signer = null;
        boolean installed = false;
        for (VersionEvent event : history) {
            if (event.version().equals(version) && event.kind() == VersionEvent.Kind.INSTALLED) {
                installed = true;
                String reason = event.reason() == null ? "" : event.reason();
                int at = reason.lastIndexOf(SIGNED_BY);
                signer = at < 0 ? null : reason.substring(at + SIGNED_BY.length());
            }
        }
        if (signer != null) {
            return signer;
        }
        return installed ? "nobody (installed while no trust store was configured)"
                : "? (not recorded: placed in models/ by hand or by the build; verified at each load)";
    }

    private TrustStoreAdmin admin() {
        TrustStoreAdmin service = admin;
        if (service == null) {
            throw new CommandFailure("the trust store is not available (is the trust feature, org.modelgate.security, running?)");
        }
        return service;
    }

    private static void arguments(List<String> rest, int count) {
        if (rest.size() != count) {
            throw new CommandFailure("wrong number of arguments; " + USAGE);
        }
    }

    private static KeyRole role(String name) {
        return KeyRole.ofFolderName(name).orElseThrow(() -> new CommandFailure("unknown role '" + name + "'; roles are "
                + String.join(", ", Arrays.stream(KeyRole.values()).map(KeyRole::folderName).toList())));
    }

    private static String readPem(Path file) {
        try {
            if (Files.size(file) > 64 * 1024) {
                throw new CommandFailure(file + " is too large for a public key");
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CommandFailure("cannot read " + file + ": " + e);
        }
    }

    private static void printUsage(PrintStream out) {
        out.println(USAGE);
        out.println("  Shows and changes the keys this gateway trusts (etc/trust). Changes count at");
        out.println("  the next verification, no restart, and are recorded in the audit log.");
        out.println("  list                          the keys (role, name, hint, valid or revoked) and the CAs");
        out.println("                                of model-ca/ (state, valid until, sha256, subject)");
        out.println("  signers [<model>]             who signed each installed version (key, or certificate");
        out.println("                                subject, serial and CA), as recorded when it was installed");
        out.println("  add <role> <name> <key.pem>   trust a public key (PEM, EC P-256/384/521) in a role:");
        out.println("                                model-signer or bundle-signer; rotate a key by adding");
        out.println("                                the new one, re-signing, then revoking the old one");
        out.println("  revoke <name>|<hint>          the key verifies nothing any more, even if re-added");
        out.println("  revoke <sha256>|serial:<hex>  a certificate (signing, intermediate or CA) by its");
        out.println("                                fingerprint or serial number: nothing it signed verifies");
        out.println("  remove <role> <name>          delete the key's file from the role");
        out.println("  -h, --help                    show this help");
    }

    /** The command cannot do what was asked; the message says why. */
    private static final class CommandFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CommandFailure(String message) {
            super(message);
        }
    }
}
