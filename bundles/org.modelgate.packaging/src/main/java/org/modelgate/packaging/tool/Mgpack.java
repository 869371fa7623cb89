package org.modelgate.packaging.tool;

import java.io.PrintStream;
import java.util.Arrays;

import org.modelgate.packaging.internal.PackingTool;

/**
 * The {@code mgpack} command line, for build machines without a gateway:
 *
 * <pre>
 * java -cp org.modelgate.packaging.jar:org.modelgate.security.jar:jackson-core.jar \
 *     org.modelgate.packaging.tool.Mgpack pack build/iris --key acme-2026.key.pem --out dist
 * java -cp ... org.modelgate.packaging.tool.Mgpack verify dist/iris-1.0.0.mgp --trust etc/trust
 * java -cp ... org.modelgate.packaging.tool.Mgpack reference build/iris --data train.csv --outputs train-outputs.csv --key acme-2026.key.pem
 * </pre>
 *
 * <p>Exit status 0 on success, 1 when refused or a file cannot be read or written, 2 for a wrong
 * command line. The progress bar and errors go to stderr, the result line to stdout.
 */
public final class Mgpack {
    private static final String REFERENCE = "mgpack reference <folder> --data <rows.csv|.npy> [--outputs <outputs.csv|.npy>]"
            + " [--input <tensor>] [--key <private-key.pem>]";
    private static final String USAGE = "usage: mgpack " + "pack <folder> --key <private-key.pem> [--cert <cert.pem> [--chain <chain.pem>]] [--out <dir>]"
            + "\n       mgpack verify <NAME-VERSION.mgp> --trust <trust-dir>"
            + "\n       " + REFERENCE;

    private Mgpack() {
    }

    /**
     * Runs the command line and exits with its status.
     *
     * @param args {@code pack ...}, {@code verify ...} or {@code -h}
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the command line.
     *
     * @param args the arguments
     * @param out where results go
     * @param err where errors and progress go
     * @return the exit status
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        PackingTool tool = new PackingTool("mgpack", out, err);
        String command = args.length == 0 ? "" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (command) {
            case "pack":
                return tool.pack(rest, "usage: mgpack pack <folder> --key <private-key.pem> [--cert <cert.pem> [--chain <chain.pem>]] [--out <dir>]");
            case "verify":
                return tool.verify(rest, "usage: mgpack verify <NAME-VERSION.mgp> --trust <trust-dir>");
            case "reference":
                return tool.reference(rest, "usage: " + REFERENCE);
            case "-h":
            case "--help":
                out.println(USAGE);
                return PackingTool.OK;
            default:
                err.println(command.isEmpty() ? "mgpack: give a command" : "mgpack: unknown command '" + command + "'");
                err.println(USAGE);
                return PackingTool.USAGE;
        }
    }
}
