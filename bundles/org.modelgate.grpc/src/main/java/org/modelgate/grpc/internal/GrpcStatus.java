package org.modelgate.grpc.internal;

import org.modelgate.api.InferenceFailedException;
import org.modelgate.api.InferenceTimeoutException;
import org.modelgate.api.InvalidInputException;
import org.modelgate.api.ModelLoadException;
import org.modelgate.api.ModelNotFoundException;
import org.modelgate.api.ModelUnavailableException;
import org.modelgate.api.ModelgateException;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * The gRPC status for each failure, as REST's HTTP statuses: a client's mistake is never INTERNAL.
 */
final class GrpcStatus {
    private static final System.Logger LOG = System.getLogger(GrpcStatus.class.getName());

    private GrpcStatus() {
    }

    /**
     * INVALID_ARGUMENT for invalid input and models that fail to load, NOT_FOUND for an unknown model or version,
     * UNAVAILABLE for one not ready, DEADLINE_EXCEEDED for a run past its time, INTERNAL for a failed run; anything
     * unexpected is logged and answered INTERNAL without its detail.
     */
    static StatusRuntimeException of(RuntimeException e) {
        if (e instanceof StatusRuntimeException status) {
            return status;
        }
        Status status;
        if (e instanceof InvalidInputException || e instanceof ModelLoadException) {
            status = Status.INVALID_ARGUMENT;
        } else if (e instanceof ModelNotFoundException) {
            status = Status.NOT_FOUND;
        } else if (e instanceof ModelUnavailableException) {
            status = Status.UNAVAILABLE;
        } else if (e instanceof InferenceTimeoutException) {
            status = Status.DEADLINE_EXCEEDED;
        } else if (e instanceof InferenceFailedException) {
            status = Status.INTERNAL;
        } else if (e instanceof ModelgateException || e instanceof UnsupportedOperationException) {
            status = e instanceof UnsupportedOperationException ? Status.UNIMPLEMENTED : Status.FAILED_PRECONDITION;
        } else {
            LOG.log(System.Logger.Level.ERROR, "gRPC call failed unexpectedly", e);
            return Status.INTERNAL.withDescription("internal error (logged on the gateway)").asRuntimeException();
        }
        return status.withDescription(e.getMessage()).asRuntimeException();
    }
}
