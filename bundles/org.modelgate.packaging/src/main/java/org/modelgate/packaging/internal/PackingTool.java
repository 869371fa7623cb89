package org.modelgate.packaging.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.modelgate.packaging.ModelPackageException;
import org.modelgate.packaging.ModelPackages;
import org.modelgate.packaging.UnpackedModel;
import org.modelgate.security.KeyFileException;
import org.modelgate.security.SigningKey;
import org.modelgate.security.TrustStore;
import org.modelgate.security.TrustStoreException;

/**
 * What {@code mg:pack} and the {@code mgpack} command line do: parse, run, print one line of result
 * or one line of error, and return an exit status.
 */
public final class PackingTool {
    /** Success. */
    public static final int OK = 0;
    /** The package or folder was refused, or a file could not be read or written. */
    public static final int REFUSED = 1;
    /** The command line was wrong. */
    public static final int USAGE = 2;

    static final String PACK_SYNOPSIS = "pack <folder> --key <private-key.pem> [--out <dir>]";
    static final String VERIFY_SYNOPSIS = "verify <NAME-VERSION.mgp> --trust <trust-dir>";

    private final String prefix;
    private final PrintStream out;
    private final PrintStream err;

    /**
     * Creates the tool.
     *
     * @param prefix how the command is called, for messages: {@code mg:pack} or {@code mgpack}
     * @param out where results go
     * @param err where errors and the progress bar go
     */
    public PackingTool(String prefix, PrintStream out, PrintStream err) {
        this.prefix = prefix;
        this.out = out;
        this.err = err;
    }

    /**
     * Signs a folder and writes its package.
     *
     * @param args {@code <folder> --key <pem> [--out <dir>]}, or {@code -h}
     * @param usage the usage line to print with {@code -h} or on a usage error
     * @return the exit status
     */
    public int pack(String[] args, String usage) {
        try {
            CommandLine line = CommandLine.parse(args, Set.of("key", "out"));
            if (line.help()) {
                printPackHelp(usage);
                return OK;
            }
            if (line.positional().size() != 1) {
                throw new CommandLine.UsageException("give exactly one model folder");
            }
            SigningKey key = SigningKey.fromPemFile(Path.of(line.required("key")));
            Path folder = Path.of(line.positional().get(0));
            Path outDir = Path.of(line.option("out").orElse("."));
            Path mgp = ModelPackages.pack(folder, key, outDir, new ProgressBar(err));
            out.println("packed " + mgp.toAbsolutePath() + " (" + ProgressBar.bytes(Files.size(mgp))
                    + ", signed by key " + key.hint().substring(0, 12) + "...)");
            return OK;
        } catch (CommandLine.UsageException e) {
            return usageError(e, usage);
        } catch (KeyFileException | ModelPackageException e) {
            err.println(prefix + ": " + e.getMessage());
            return REFUSED;
        } catch (IOException e) {
            err.println(prefix + ": " + e);
            return REFUSED;
        }
    }

    /**
     * Checks a package: extracts it into a temporary folder, verifies it, removes the folder.
     *
     * @param args {@code <file.mgp> --trust <dir>}, or {@code -h}
     * @param usage the usage line
     * @return the exit status
     */
    public int verify(String[] args, String usage) {
        try {
            CommandLine line = CommandLine.parse(args, Set.of("trust"));
            if (line.help()) {
                err.println(usage);
                err.println("  Extracts the package into a temporary folder, checks it as the gateway");
                err.println("  would (layout, limits, model.json, signature), prints who signed it.");
                return OK;
            }
            if (line.positional().size() != 1) {
                throw new CommandLine.UsageException("give exactly one .mgp file");
            }
            TrustStore trust = TrustStore.load(Path.of(line.required("trust")));
            Path parent = Files.createTempDirectory("mgpack-verify");
            try {
                UnpackedModel model = ModelPackages.unpack(Path.of(line.positional().get(0)), parent.resolve("model"), trust);
                out.println("verified " + model.name() + " " + model.version() + ": signed by key '" + model.signer().id()
                        + "', digest sha256:" + model.digest());
                StagingFolder.delete(model.folder(), new IOException("cleanup"));
                return OK;
            } finally {
                Files.deleteIfExists(parent);
            }
        } catch (CommandLine.UsageException e) {
            return usageError(e, usage);
        } catch (TrustStoreException | ModelPackageException e) {
            err.println(prefix + ": " + e.getMessage());
            return REFUSED;
        } catch (IOException e) {
            err.println(prefix + ": " + e);
            return REFUSED;
        }
    }

    private void printPackHelp(String usage) {
        err.println(usage);
        err.println("  Signs the model folder with the private key (writes model.sig into it, OpenSSF");
        err.println("  Model Signing v1.0) and writes NAME-VERSION.mgp (from model.json) into --out");
        err.println("  (default: the current folder). Same folder and key: same bytes.");
        err.println("  --key <pem>  EC private key, PKCS#8 or SEC1 PEM, unencrypted");
        err.println("  --out <dir>  where the package goes; created when missing");
        err.println("  -h, --help   show this help");
    }

    private int usageError(CommandLine.UsageException e, String usage) {
        err.println(prefix + ": " + e.getMessage());
        err.println(usage);
        return USAGE;
    }
}
