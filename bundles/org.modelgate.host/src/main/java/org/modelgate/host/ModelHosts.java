package org.modelgate.host;

import java.util.Map;

import org.modelgate.spi.InferenceBackend;
import org.modelgate.spi.ModelArtifact;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Starts model host processes: plain JVMs (not a second framework) started from the jars of the
 * backend's bundle and the bundles it is wired to, each running one model on the same backend class,
 * with the same backend configuration and the same execution settings as the gateway would.
 *
 * <p>Provided by the bundle {@code org.modelgate.host}; the core uses it for sandboxed trials (load,
 * warm-up and golden samples run in a host first) and for {@code "isolation": "process"} serving.
 *
 * <pre>{@code
 * HostedModel model = hosts.load(backend, backendProperties, artifact, HostOptions.trial());
 * try (model) {
 *     model.run(inputs, Set.of());   // a crash in the host: ModelUnavailableException with the reason
 * }
 * }</pre>
 */
@ProviderType
public interface ModelHosts {
    /**
     * Starts a host process for the backend and loads the model there.
     *
     * @param backend the backend service object as registered in this framework; the host runs its
     *        class from its bundle
     * @param backendProperties the backend service's properties (they carry its configuration)
     * @param artifact the model, with the options the load would get in-process; when it holds the
     *        decrypted model in memory, those bytes travel over the host's socket, never through a file
     * @param options what the host does when it dies, how long a request may take
     * @return the model, loaded in the host; closing it ends the host
     * @throws org.modelgate.api.ModelLoadException when the host cannot be started, or the load fails or
     *         the host dies during it, with the reason (e.g. {@code model host died during load: SIGFPE in
     *         libonnxruntime.so})
     */
    HostedModel load(InferenceBackend backend, Map<String, Object> backendProperties, ModelArtifact artifact,
            HostOptions options);
}
