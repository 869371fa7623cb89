package org.modelgate.rest.internal;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Who changes the repository over REST, for the audit log: the authenticated user when the HTTP
 * service authenticated one, and always the client's address.
 */
final class RestOperator {
    private RestOperator() {
    }

    static String of(HttpServletRequest request) {
        String user = request.getRemoteUser();
        String client = "rest client " + request.getRemoteAddr() + ":" + request.getRemotePort();
        return user == null || user.isBlank() ? client : user + " (" + client + ")";
    }
}
