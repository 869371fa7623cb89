package org.modelgate.access;

/**
 * What a call does, as far as access control is concerned.
 */
public enum AccessScope {
    /** Inference, model metadata and readiness, health: open or token-only by the {@code inference} setting. */
    INFERENCE(AccessControl.ROLE_INFER),
    /** Everything that changes state or reads operational data: always needs a credential with role {@code manage}. */
    MANAGEMENT(AccessControl.ROLE_MANAGE);

    private final String role;

    AccessScope(String role) {
        this.role = role;
    }

    /**
     * Returns the role a credential needs for this scope.
     *
     * @return {@value AccessControl#ROLE_INFER} or {@value AccessControl#ROLE_MANAGE}
     */
    public String role() {
        return role;
    }
}
