package org.modelgate.api;

/**
 * A profile was asked for while another one runs: profiling measures one model at a time, so that two
 * profiles do not slow each other's candidates down. Try again when it has finished.
 */
public class ProfileRefusedException extends ModelgateException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what runs now, for people
     */
    public ProfileRefusedException(String message) {
        super(message);
    }
}
