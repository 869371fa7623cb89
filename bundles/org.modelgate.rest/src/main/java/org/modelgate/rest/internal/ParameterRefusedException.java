package org.modelgate.rest.internal;

/**
 * An explanation the endpoints cannot give, with the HTTP status that says whose move it is (400 a parameter's
 * value, 409 the model's state, 503 a missing service) and a message that names the parameter.
 */
final class ParameterRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    ParameterRefusedException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
