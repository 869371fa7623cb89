package org.modelgate.rest.internal;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who changes the repository over REST, for the audit log: the principal access control allowed ({@code token:NAME},
 * {@code cert:CN}), else the authenticated user when the HTTP service authenticated one, and always the client's address.
 */
final class RestOperator {
    private RestOperator() {
    }

    static String of(HttpServletRequest request) {
        Object principal = request.getAttribute(CallerCheck.PRINCIPAL);
        String user = principal != null && !"anonymous".equals(principal) ? principal.toString() : request.getRemoteUser();
        String client = "rest client " + request.getRemoteAddr() + ":" + request.getRemotePort();
        return user == null || user.isBlank() ? client : user + " (" + client + ")";
    }
}
