package org.modelgate.webconsole.internal;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * Refuses state-changing requests that a browser sends on behalf of another site (cross-site
 * request forgery). The Felix Web Console 5.0.18 has no CSRF token, and a browser attaches saved
 * Basic credentials to a form posted from any page, so every method but GET, HEAD, OPTIONS and
 * TRACE must come from the console's own origin: its {@code Origin} header (sent by browsers with
 * every POST) must name the host the request was sent to, and {@code Sec-Fetch-Site}, where sent,
 * must be {@code same-origin} or {@code none}. Requests without either header (curl, scripts) are
 * not browser-driven and pass to authentication.
 */
final class CrossOriginCheck {
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private CrossOriginCheck() {
    }

    /**
     * Why the request is refused, or null when it may go on.
     *
     * @param method the HTTP method
     * @param host the {@code Host} header
     * @param origin the {@code Origin} header, or null
     * @param fetchSite the {@code Sec-Fetch-Site} header, or null
     * @return the reason, or null
     */
    static String refusal(String method, String host, String origin, String fetchSite) {
        if (method == null || SAFE_METHODS.contains(method.toUpperCase(Locale.ROOT))) {
            return null;
        }
        if (fetchSite != null && !fetchSite.equalsIgnoreCase("same-origin") && !fetchSite.equalsIgnoreCase("none")) {
            return "a " + method + " from another site (Sec-Fetch-Site: " + UsersFile.printable(fetchSite) + ")";
        }
        if (origin != null && !sameAuthority(origin, host)) {
            return "a " + method + " from another origin (" + UsersFile.printable(origin) + ", not " + UsersFile.printable(host) + ")";
        }
        return null;
    }

    private static boolean sameAuthority(String origin, String host) {
        if (host == null || origin.equals("null")) {
            return false;
        }
        try {
            String authority = URI.create(origin.strip()).getRawAuthority();
            return authority != null && authority.equalsIgnoreCase(host.strip());
        } catch (IllegalArgumentException notAnOrigin) {
            return false;
        }
    }
}
