package org.modelgate.packaging;

import java.util.Optional;

import org.modelgate.security.ModelSignatureException;
import org.modelgate.security.SignatureProblem;

/**
 * A model package was refused (or could not be written), with a machine-readable {@link #problem()},
 * the entry concerned and a message a user can act on.
 *
 * <pre>
 * try {
 *     ModelPackages.unpack(mgp, staging, trust);
 * } catch (ModelPackageException e) {
 *     e.problem();            // e.g. PATH_TRAVERSAL; e.problem().code() = "path-traversal"
 *     e.entry();              // Optional["../etc/passwd"]
 *     e.signatureProblem();   // Optional[TAMPERED_FILE] when problem() is SIGNATURE
 * }
 * </pre>
 */
public final class ModelPackageException extends Exception {
    private static final long serialVersionUID = 1L;

    private final PackageProblem problem;
    private final String entry;

    /**
     * Creates a refusal.
     *
     * @param problem what is wrong
     * @param entry the zip entry (or file) concerned, or null
     * @param message what is wrong, for a person
     */
    public ModelPackageException(PackageProblem problem, String entry, String message) {
        this(problem, entry, message, null);
    }

    /**
     * Creates a refusal caused by another exception.
     *
     * @param problem what is wrong
     * @param entry the zip entry (or file) concerned, or null
     * @param message what is wrong, for a person
     * @param cause the underlying exception, or null
     */
    public ModelPackageException(PackageProblem problem, String entry, String message, Throwable cause) {
        super(problem.code() + ": " + message, cause);
        this.problem = problem;
        this.entry = entry;
    }

    /**
     * Wraps a signature refusal: {@link PackageProblem#SIGNATURE}, the first file it names.
     *
     * @param packageName the package file name, for the message
     * @param cause the refusal
     * @return the exception
     */
    public static ModelPackageException signature(String packageName, ModelSignatureException cause) {
        String entry = cause.files().isEmpty() ? null : cause.files().get(0);
        return new ModelPackageException(PackageProblem.SIGNATURE, entry, packageName + ": " + cause.getMessage(), cause);
    }

    /**
     * Returns what is wrong, for programs.
     *
     * @return the problem
     */
    public PackageProblem problem() {
        return problem;
    }

    /**
     * Returns the entry concerned: its name inside the package, {@code /}-separated.
     *
     * @return the entry, empty when the refusal concerns the whole package
     */
    public Optional<String> entry() {
        return Optional.ofNullable(entry);
    }

    /**
     * Returns why the signature was refused, when {@link #problem()} is {@link PackageProblem#SIGNATURE}.
     *
     * @return the security bundle's reason, else empty
     */
    public Optional<SignatureProblem> signatureProblem() {
        return getCause() instanceof ModelSignatureException s ? Optional.of(s.problem()) : Optional.empty();
    }
}
