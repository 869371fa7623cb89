package org.modelgate.access;

import java.util.Objects;

/**
 * The answer to an {@link AccessRequest}.
 *
 * @param verdict allowed, or why not
 * @param principal who called: {@code token:NAME} or {@code cert:SUBJECT-CN}; {@code anonymous} for an open call; null
 *        when no credential was recognised
 * @param reason for a denial, a sentence the caller can act on; empty when allowed
 */
public record AccessDecision(Verdict verdict, String principal, String reason) {
    /** The {@code WWW-Authenticate} challenge that goes with a 401. */
    public static final String CHALLENGE = "Bearer realm=\"modelgate\"";

    /** Checks the fields. */
    public AccessDecision {
        Objects.requireNonNull(verdict, "verdict");
        reason = reason == null ? "" : reason;
    }

    /** Allowed, or the kind of denial; each denial kind is also the {@code reason} label of the denied-calls counter. */
    public enum Verdict {
        /** The call may go on. */
        ALLOWED(200, ""),
        /** No credential at all: HTTP 401 with {@link AccessDecision#CHALLENGE}. */
        MISSING_CREDENTIAL(401, "missing_credential"),
        /** A bearer token that is not in the token store: 403. */
        UNKNOWN_TOKEN(403, "unknown_token"),
        /** A client certificate not issued by the configured client CA, or expired: 403. */
        UNTRUSTED_CERTIFICATE(403, "untrusted_certificate"),
        /** A known credential without the role the call needs: 403. */
        INSUFFICIENT_ROLE(403, "insufficient_role"),
        /** An {@code Authorization} header of another scheme than Bearer, or malformed: 401. */
        MALFORMED_CREDENTIAL(401, "malformed_credential");

        private final int httpStatus;
        private final String label;

        Verdict(int httpStatus, String label) {
            this.httpStatus = httpStatus;
            this.label = label;
        }

        /**
         * Returns the HTTP status that answers it.
         *
         * @return 200, 401 or 403
         */
        public int httpStatus() {
            return httpStatus;
        }

        /**
         * Returns the counter label of a denial.
         *
         * @return e.g. {@code missing_credential}; empty for {@link #ALLOWED}
         */
        public String label() {
            return label;
        }
    }

    /**
     * Returns whether the call may go on.
     *
     * @return true when allowed
     */
    public boolean allowed() {
        return verdict == Verdict.ALLOWED;
    }

    /**
     * Returns the HTTP status of the answer.
     *
     * @return 200 (go on), 401 (no usable credential) or 403 (a credential that is not good enough)
     */
    public int httpStatus() {
        return verdict.httpStatus();
    }
}
