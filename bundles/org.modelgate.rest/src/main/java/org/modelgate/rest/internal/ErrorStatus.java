package org.modelgate.rest.internal;

import org.modelgate.api.InferenceFailedException;
import org.modelgate.api.InvalidInputException;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.ModelNotFoundException;
import org.modelgate.api.ModelUnavailableException;

/**
 * The HTTP status for each failure: client mistakes are 4xx, never 500.
 */
final class ErrorStatus {
    static final int BAD_REQUEST = 400;
    static final int NOT_FOUND = 404;
    static final int METHOD_NOT_ALLOWED = 405;
    static final int CONFLICT = 409;
    static final int PAYLOAD_TOO_LARGE = 413;
    static final int INTERNAL_ERROR = 500;
    static final int UNAVAILABLE = 503;
    /** A run took longer than the model may take (a model host that hangs). */
    static final int GATEWAY_TIMEOUT = 504;

    private ErrorStatus() {
    }

    /**
     * The status for an exception: invalid input and failed loads 400, unknown model 404, model or
     * service not available 503 (retry later), failed inference 500.
     *
     * @param e the exception
     * @return the status, or 500 for anything not expected
     */
    static int of(RuntimeException e) {
        if (e instanceof ParameterRefusedException refused) {
            return refused.status();
        }
        if (e instanceof InvalidInputException || e instanceof ModelLoadException) {
            return BAD_REQUEST;
        }
        if (e instanceof org.modelgate.api.ProfileRefusedException) {
            return CONFLICT;
        }
        if (e instanceof ModelNotFoundException) {
            return NOT_FOUND;
        }
        if (e instanceof ModelUnavailableException || e instanceof ServiceMissingException) {
            return UNAVAILABLE;
        }
        if (e instanceof org.modelgate.api.InferenceTimeoutException) {
            return GATEWAY_TIMEOUT;
        }
        if (e instanceof InferenceFailedException) {
            return INTERNAL_ERROR;
        }
        return INTERNAL_ERROR;
    }

    /**
     * Whether the exception is one the API documents, with a message meant for the client.
     *
     * @param e the exception
     * @return false for an unexpected failure (a bug), which is logged and reported without detail
     */
    static boolean isExpected(RuntimeException e) {
        return e instanceof org.modelgate.api.ModelgateException || e instanceof ServiceMissingException
                || e instanceof ParameterRefusedException;
    }
}
