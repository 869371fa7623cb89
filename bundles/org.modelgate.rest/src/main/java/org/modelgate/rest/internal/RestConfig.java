package org.modelgate.rest.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the OIP REST endpoints (PID {@code org.modelgate.rest}).
 *
 * <p>Host and port belong to the HTTP service (PID {@code org.apache.felix.http}), not to this PID.
 */
@ObjectClassDefinition(id = RestConfig.PID, name = "Modelgate OIP REST",
        description = "Open Inference Protocol v2 endpoints under /v2 on the HTTP whiteboard.")
public @interface RestConfig {
    /** The configuration PID. */
    String PID = "org.modelgate.rest";

    /** 16 MiB. */
    long DEFAULT_MAX_REQUEST_BYTES = 16L * 1024 * 1024;

    /**
     * The largest request body accepted, in bytes; larger ones get 413 before they are read in full.
     *
     * @return the limit
     */
    @AttributeDefinition(name = "Maximum request size", min = "1",
            description = "Largest request body accepted, in bytes; larger bodies get 413 Payload Too Large.")
    long maxRequestBytes() default DEFAULT_MAX_REQUEST_BYTES;

    /**
     * Whether management endpoints answer 503 while access control (bundle org.modelgate.access) is not running,
     * rather than answering everyone: the access feature sets it, so stopping that bundle closes them.
     *
     * @return true to fail closed
     */
    @AttributeDefinition(name = "Require access control",
            description = "Management endpoints answer 503 while access control is not running (set by the access feature).")
    boolean requireAccessControl() default false;
}
