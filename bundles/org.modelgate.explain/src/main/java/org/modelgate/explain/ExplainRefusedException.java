package org.modelgate.explain;

import org.modelgate.api.ModelgateException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An explanation that cannot be given, with a message that says why and what would work.
 *
 * <p>REST answers 400 for {@link Reason#BAD_PARAMETER} and {@link Reason#NOT_TABULAR} (naming the
 * parameter), 409 for {@link Reason#NO_REFERENCE}, {@link Reason#NOT_A_CLASSIFIER} and
 * {@link Reason#NO_LABELLED_ROWS}, 503 for {@link Reason#NO_HEALTH_MONITOR}.
 */
@ProviderType
public class ExplainRefusedException extends ModelgateException {
    private static final long serialVersionUID = 1L;

    /** Why an explanation was refused. */
    public enum Reason {
        /** A parameter's value is out of range (top_k 0 or above the classes, a row of the wrong width). */
        BAD_PARAMETER,
        /** Attribution needs one FP32/FP64 input of shape [1,F] or [-1,F]. */
        NOT_TABULAR,
        /** Attribution needs model.json's "reference" (the baseline is its feature means). */
        NO_REFERENCE,
        /** Confidence, top-k and accuracy need a classifier's output. */
        NOT_A_CLASSIFIER,
        /** Permutation importance needs rows that got label feedback. */
        NO_LABELLED_ROWS,
        /** Permutation importance reads the labelled rows from the health monitor, which is not running. */
        NO_HEALTH_MONITOR
    }

    private final Reason reason;
    private final String parameter;

    /**
     * Creates the exception.
     *
     * @param reason why
     * @param parameter the request parameter at fault ({@code top_k}, {@code explain}), or null
     * @param message what is wrong and what would work
     */
    public ExplainRefusedException(Reason reason, String parameter, String message) {
        super(message);
        this.reason = reason;
        this.parameter = parameter;
    }

    /**
     * Why the explanation was refused.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * The request parameter at fault.
     *
     * @return its name, or null when no parameter is at fault
     */
    public String parameter() {
        return parameter;
    }
}
