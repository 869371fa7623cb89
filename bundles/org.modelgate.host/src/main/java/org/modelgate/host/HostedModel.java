package org.modelgate.host;

import org.modelgate.spi.LoadedModel;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A model loaded in a model host process. {@link #run} sends the request over the host's Unix domain
 * socket with the tensors in shared memory.
 *
 * <p>When the host dies during a run, that run fails with a
 * {@link org.modelgate.api.ModelUnavailableException} naming the reason; a run that takes longer than
 * the request timeout fails with an {@link org.modelgate.api.InferenceTimeoutException} and the host is
 * replaced. {@link #close()} ends the host process.
 */
@ProviderType
public interface HostedModel extends LoadedModel {
    /**
     * The host process's id.
     *
     * @return the pid, or -1 while no host runs (between a death and its restart)
     */
    long pid();

    /**
     * The host process's resident memory, read from the operating system.
     *
     * @return bytes, or -1 when unknown or no host runs
     */
    long residentBytes();

    /**
     * How often the host was restarted after dying.
     *
     * @return the count
     */
    int restarts();

    /**
     * Why the host last died.
     *
     * @return the reason (e.g. {@code SIGFPE in libonnxruntime.so}), or null when it never died
     */
    String lastFailure();
}
