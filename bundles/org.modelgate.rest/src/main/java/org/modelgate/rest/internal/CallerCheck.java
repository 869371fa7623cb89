package org.modelgate.rest.internal;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * What the endpoints ask of access control, so that this bundle loads no access class unless the access bundle is
 * there (the import is optional): {@link AccessBridge} is the one implementation, a service while
 * {@code org.modelgate.access.AccessControl} runs.
 */
public interface CallerCheck {
    /** The request attribute naming who called, e.g. {@code token:ci} or {@code cert:ops}, once a call is allowed. */
    String PRINCIPAL = "org.modelgate.access.principal";

    /**
     * Decides whether the call may go on; when not, answers it (401 with a challenge, or 403, and the reason).
     *
     * @param management whether the endpoint changes state or reads operational data (else inference, metadata, health)
     * @param request the call
     * @param response its response, written only on a denial
     * @return whether the call may go on
     * @throws IOException when the denial cannot be written
     */
    boolean permits(boolean management, HttpServletRequest request, HttpServletResponse response) throws IOException;
}
