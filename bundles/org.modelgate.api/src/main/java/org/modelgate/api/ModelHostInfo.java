package org.modelgate.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The model host process a model runs in ({@code "isolation": "process"} in model.json): see {@link ModelInfo#host()}.
 *
 * <pre>{@code
 * registry.model("iris").map(ModelInfo::host).ifPresent(host ->
 *         System.out.println("pid " + host.pid() + ", " + host.residentBytes() / (1024 * 1024) + " MiB"));
 * }</pre>
 *
 * @param pid the host process's id, or -1 while none runs (between a death and its restart)
 * @param residentBytes the host's resident memory as the operating system reports it, or -1 when unknown
 * @param restarts how often the host was started again after it died
 * @param lastFailure why the host last died (e.g. {@code SIGFPE in libonnxruntime.so}), or null when it never did
 */
@ProviderType
public record ModelHostInfo(long pid, long residentBytes, int restarts, String lastFailure) {
    /**
     * The resident memory in MiB, for display.
     *
     * @return MiB rounded down, or -1 when unknown
     */
    public long residentMiB() {
        return residentBytes < 0 ? -1 : residentBytes / (1024 * 1024);
    }
}
