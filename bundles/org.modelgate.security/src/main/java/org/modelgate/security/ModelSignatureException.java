package org.modelgate.security;

import java.util.List;

/**
 * A model folder's signature was refused (or could not be made), with a machine-readable
 * {@link #problem()} and a message a user can act on.
 *
 * <pre>
 * try {
 *     verifier.verify(folder);
 * } catch (ModelSignatureException e) {
 *     if (e.problem() == SignatureProblem.TAMPERED_FILE) { ... e.files() ... }
 * }
 * </pre>
 */
public final class ModelSignatureException extends Exception {
    private static final long serialVersionUID = 1L;

    private final SignatureProblem problem;
    private final List<String> files;

    /**
     * Creates a refusal.
     *
     * @param problem what is wrong
     * @param message what is wrong, for a person, naming files and keys
     * @param files the files concerned, relative to the model folder with {@code /}; may be empty
     */
    public ModelSignatureException(SignatureProblem problem, String message, List<String> files) {
        this(problem, message, files, null);
    }

    /**
     * Creates a refusal caused by another exception.
     *
     * @param problem what is wrong
     * @param message what is wrong, for a person
     * @param files the files concerned; may be empty
     * @param cause the underlying exception, or null
     */
    public ModelSignatureException(SignatureProblem problem, String message, List<String> files, Throwable cause) {
        super(problem.code() + ": " + message, cause);
        this.problem = problem;
        this.files = List.copyOf(files);
    }

    /**
     * Returns what is wrong, for programs.
     *
     * @return the problem
     */
    public SignatureProblem problem() {
        return problem;
    }

    /**
     * Returns the files concerned, relative to the model folder with {@code /} separators.
     *
     * @return the files, empty when no file is concerned
     */
    public List<String> files() {
        return files;
    }
}
