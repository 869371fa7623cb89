/**
 * Open Inference Protocol v2 (KServe v2, Triton) JSON codec.
 *
 * <p>{@link org.modelgate.oip.OipCodec} reads inference requests into {@link org.modelgate.api.InferenceRequest}
 * (with its request-level {@code "parameters"}: {@link org.modelgate.oip.OipRequest}) and writes responses (with
 * response-level parameters), model and server metadata, repository index entries and errors; since 1.2 also Triton's binary tensor data extension
 * ({@link org.modelgate.oip.BinaryResponse}); since 1.3 {@link org.modelgate.oip.TritonNames}, the platform and
 * repository-state words every OIP transport (REST, gRPC) answers with; since 1.4
 * {@link org.modelgate.oip.InferenceStatistics} (Triton's statistics extension, one table every transport counts
 * into, registered as a service by this bundle) and {@link org.modelgate.oip.TritonModelConfig} (Triton's model
 * configuration extension). Modelgate
 * provides this package; the REST endpoints, the console and other transports (MQTT) call it.
 */
@Export
@Version("1.4.0")
package org.modelgate.oip;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
