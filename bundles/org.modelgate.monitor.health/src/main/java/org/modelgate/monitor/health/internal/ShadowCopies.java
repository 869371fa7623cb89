package org.modelgate.monitor.health.internal;

/**
 * The request ids of shadow copies: the core runs a copy of a request on a shadow challenger and records it with
 * the request id {@code <id>#shadow}; the caller got the champion's answer under {@code <id>}.
 */
final class ShadowCopies {
    static final String SUFFIX = "#shadow";

    private ShadowCopies() {
    }

    static boolean isShadow(String requestId) {
        return requestId != null && requestId.endsWith(SUFFIX);
    }

    /** @return the id of the caller's answer the copy was made of */
    static String original(String shadowId) {
        return shadowId.substring(0, shadowId.length() - SUFFIX.length());
    }

    /** @return the id the shadow copy of a request is recorded with */
    static String shadowOf(String requestId) {
        return requestId + SUFFIX;
    }
}
