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
import org.modelgate.security.SigningCertificate;
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

    static final String PACK_SYNOPSIS = "pack <folder> --key <private-key.pem> [--cert <cert.pem> [--chain <chain.pem>]] [--out <dir>]";
    static final String VERIFY_SYNOPSIS = "verify <NAME-VERSION.mgp> --trust <trust-dir>";
    static final String REFERENCE_SYNOPSIS = "reference <folder> --data <rows.csv|.npy> [--outputs <outputs.csv|.npy>] [--input <tensor>] [--key <private-key.pem>]";

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
            CommandLine line = CommandLine.parse(args, Set.of("key", "cert", "chain", "out"));
            if (line.help()) {
                printPackHelp(usage);
                return OK;
            }
            if (line.positional().size() != 1) {
                throw new CommandLine.UsageException("give exactly one model folder");
            }
            if (line.option("chain").isPresent() && line.option("cert").isEmpty()) {
                throw new CommandLine.UsageException("--chain needs --cert (the signing certificate the chain belongs to)");
            }
            SigningKey key = SigningKey.fromPemFile(Path.of(line.required("key")));
            SigningCertificate certificate = line.option("cert").isEmpty() ? null : SigningCertificate.fromPemFiles(
                    Path.of(line.required("cert")), line.option("chain").map(Path::of).orElse(null));
            Path folder = Path.of(line.positional().get(0));
            Path outDir = Path.of(line.option("out").orElse("."));
            Path mgp = certificate == null ? ModelPackages.pack(folder, key, outDir, new ProgressBar(err))
                    : ModelPackages.pack(folder, key, certificate, outDir, new ProgressBar(err));
            out.println("packed " + mgp.toAbsolutePath() + " (" + ProgressBar.bytes(Files.size(mgp)) + ", signed by "
                    + (certificate == null ? "key " + key.hint().substring(0, 12) + "..."
                            : "certificate '" + certificate.subject() + "'") + ")");
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
                out.println("verified " + model.name() + " " + model.version() + ": signed by " + (model.signedBy().startsWith("key ")
                        ? "key '" + model.signer().id() + "'" : model.signedBy()) + ", digest sha256:" + model.digest());
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

    /**
     * Profiles training data into the folder's model.json {@code "reference"} and signs the folder again.
     *
     * @param args {@code <folder> --data <file> [--outputs <file>] [--input <tensor>] [--key <pem>]}, or {@code -h}
     * @param usage the usage line
     * @return the exit status
     */
    public int reference(String[] args, String usage) {
        try {
            CommandLine line = CommandLine.parse(args, Set.of("data", "outputs", "input", "key"));
            if (line.help()) {
                printReferenceHelp(usage);
                return OK;
            }
            if (line.positional().size() != 1) {
                throw new CommandLine.UsageException("give exactly one model folder");
            }
            SigningKey key = line.option("key").isPresent() ? SigningKey.fromPemFile(Path.of(line.required("key"))) : null;
            Path folder = Path.of(line.positional().get(0));
            TrainingData data = TrainingData.read(Path.of(line.required("data")));
            TrainingData outputs = line.option("outputs").isPresent() ? TrainingData.read(Path.of(line.required("outputs"))) : null;
            ReferenceWriting.Written w = ReferenceWriting.write(folder, data, outputs, line.option("input").orElse(null), key);
            out.println("reference of " + w.rows() + " rows written into " + folder.resolve(ModelPackages.MODEL_JSON) + ": input '"
                    + w.input() + "' " + w.features() + " features"
                    + (w.output() == null ? " (" + w.outputsNote() + ")"
                            : ", output '" + w.output() + "' " + w.classes() + " classes (" + w.outputsNote() + ")")
                    + (key == null ? ", not signed" : ", signed by key " + key.hint().substring(0, 12) + "..."));
            return OK;
        } catch (CommandLine.UsageException e) {
            return usageError(e, usage);
        } catch (KeyFileException | ModelPackageException | TrainingData.DataException e) {
            err.println(prefix + ": " + e.getMessage());
            return REFUSED;
        } catch (IOException e) {
            err.println(prefix + ": " + e);
            return REFUSED;
        } catch (NoClassDefFoundError e) {
            // the optional import of org.modelgate.monitor.drift is not wired: the drift feature is not installed
            err.println(prefix + ": the drift statistics (bundle org.modelgate.monitor.drift, feature 'drift') are not installed: " + e.getMessage());
            return REFUSED;
        }
    }

    private void printReferenceHelp(String usage) {
        err.println(usage);
        err.println("  Profiles the training rows (per feature: moments, 101 percentiles, a decile histogram,");
        err.println("  the values of features with at most 5) into model.json \"reference\", the baseline of");
        err.println("  drift monitoring, then signs the folder again.");
        err.println("  --data <file>     the training rows: CSV (optional header of feature names) or 2-D .npy");
        err.println("  --outputs <file>  the model's outputs on those rows, same order: class counts and confidence");
        err.println("                    (default: an ONNX model is run on the rows with ONNX Runtime, when it is there)");
        err.println("  --input <name>    the input tensor (default: model.json's first input, else 'input')");
        err.println("  --key <pem>       sign the folder again (required when it holds model.sig)");
    }

    private void printPackHelp(String usage) {
        err.println(usage);
        err.println("  Signs the model folder with the private key (writes model.sig into it, OpenSSF");
        err.println("  Model Signing v1.0) and writes NAME-VERSION.mgp (from model.json) into --out");
        err.println("  (default: the current folder). Same folder and key: same bytes.");
        err.println("  --key <pem>  EC private key, PKCS#8 or SEC1 PEM, unencrypted");
        err.println("  --cert <pem> sign with this key's certificate (code signing), model_signing's");
        err.println("               certificate method: gateways trusting its CA (etc/trust/model-ca/) verify it");
        err.println("  --chain <pem> the intermediates between the certificate and the CA, issuer first");
        err.println("  --out <dir>  where the package goes; created when missing");
        err.println("  -h, --help   show this help");
    }

    private int usageError(CommandLine.UsageException e, String usage) {
        err.println(prefix + ": " + e.getMessage());
        err.println(usage);
        return USAGE;
    }
}
