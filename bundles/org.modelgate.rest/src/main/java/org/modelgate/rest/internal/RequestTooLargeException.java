package org.modelgate.rest.internal;

import java.io.IOException;

/**
 * A request body passed the configured size limit; it becomes 413.
 *
 * <p>An IOException so that it passes through the codec like any other failure of the stream.
 */
final class RequestTooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    RequestTooLargeException(long limit) {
        super("request body is larger than the limit of " + limit + " bytes (maxRequestBytes of PID "
                + RestConfig.PID + ")");
    }
}
