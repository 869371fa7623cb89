package org.modelgate.grpc.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Where the gRPC inference service listens and how large a message it takes.
 */
@ObjectClassDefinition(name = "Modelgate gRPC inference service",
        description = "The KServe v2 / Triton GRPCInferenceService on its own port.")
public @interface GrpcConfig {
    /** The configuration PID. */
    String PID = "org.modelgate.grpc";

    @AttributeDefinition(description = "Address to bind; loopback unless the plant network must reach it")
    String host() default "127.0.0.1";

    @AttributeDefinition(description = "TCP port (Triton's gRPC port is 8001); 0 picks a free one")
    int port() default 8001;

    @AttributeDefinition(description = "Largest request message in bytes; larger ones are refused with RESOURCE_EXHAUSTED")
    int maxMessageBytes() default 64 * 1024 * 1024;
}
