package org.modelgate.monitor.health;

import java.util.Objects;

import org.modelgate.api.ModelgateException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A feedback could not be taken; the message says why and what is accepted. REST answers 404 for
 * {@link Reason#UNKNOWN_MODEL} and {@link Reason#UNKNOWN_ID}, 410 for {@link Reason#EXPIRED_ID}, 400 for
 * {@link Reason#BAD_LABEL}.
 */
@ProviderType
public class FeedbackRefusedException extends ModelgateException {
    private static final long serialVersionUID = 1L;

    /** Why a feedback was refused. */
    public enum Reason {
        /** No model of that name served on this gateway since the monitor started. */
        UNKNOWN_MODEL,
        /** No prediction with that request id was recorded. */
        UNKNOWN_ID,
        /** The prediction was recorded but forgotten (too old, or evicted by newer ones). */
        EXPIRED_ID,
        /** The label is not one of the model's, a value came for a classifier or a label for a regression, or NaN. */
        BAD_LABEL
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason why
     * @param message what went wrong and what is accepted
     */
    public FeedbackRefusedException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** @return why the feedback was refused */
    public Reason reason() {
        return reason;
    }
}
