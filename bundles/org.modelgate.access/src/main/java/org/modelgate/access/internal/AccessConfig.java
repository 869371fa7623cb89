package org.modelgate.access.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** PID {@value #PID}: the credentials the gateway's listeners accept. */
@ObjectClassDefinition(name = "Modelgate access control",
        description = "Bearer tokens (hashed, in the token store) and client certificates; inference open or token-only")
public @interface AccessConfig {
    /** The PID. */
    String PID = "org.modelgate.access";

    /** Whether inference needs a credential. */
    enum InferenceAccess {
        /** Inference, metadata, readiness and health answer everyone. */
        OPEN,
        /** They need a token or certificate with role infer (or manage). */
        TOKEN
    }

    @AttributeDefinition(description = "The token store: NAME sha256:HEX ROLES per line (mg:token add)")
    String tokensFile() default "etc/tokens";

    @AttributeDefinition(description = "CA certificates (PEM) whose client certificates are accepted; empty: none")
    String clientCaFile() default "";

    @AttributeDefinition(description = "OPEN: inference, metadata and health need no credential; TOKEN: they need one")
    InferenceAccess inference() default InferenceAccess.OPEN;

    @AttributeDefinition(description = "Roles of every client certificate the client CA issued (infer, manage)")
    String[] certificateRoles() default {"infer", "manage"};
}
