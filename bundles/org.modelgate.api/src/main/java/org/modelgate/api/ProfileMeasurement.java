package org.modelgate.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What profiling measured for one candidate: a backend, an accelerator driver (or the backend's own defaults)
 * and an intra-op thread count.
 *
 * <p>Latencies are of one request at a time, run one after the other on the model's sample inputs;
 * throughput is the timed runs divided by the time they took together.
 *
 * @param backend the backend's name, e.g. {@code onnxruntime}
 * @param driver the accelerator driver, or null for the backend's defaults
 * @param threads the {@code intraOpThreads} asked for, or 0 when the backend runs the model on its shared thread
 *        pools (ONNX Runtime with threading=GLOBAL), where a per-model count does not apply
 * @param loadMillis time the backend took to load the model, in milliseconds
 * @param p50Millis median latency of the timed runs, in milliseconds
 * @param p99Millis 99th percentile latency of the timed runs, in milliseconds
 * @param throughput timed runs per second
 * @param memoryMiB growth of the process's resident memory over the load (VmRSS), in MiB; null where the
 *        platform does not tell it. Approximate: other work in the process moves it too
 * @param failure why the candidate failed to load or run, or null when it ran
 * @param energy the energy of the timed runs (joules per inference and watts), or why the device cannot tell;
 *        null when the candidate failed or the profiler did not measure energy (before API 1.8)
 */
@ProviderType
public record ProfileMeasurement(String backend, String driver, int threads, double loadMillis, double p50Millis,
        double p99Millis, double throughput, Double memoryMiB, String failure, ProfileEnergy energy) {
    /**
     * A measurement without energy figures, as before API 1.8.
     *
     * @param backend the backend
     * @param driver the driver, or null
     * @param threads the thread count
     * @param loadMillis the load time
     * @param p50Millis the median latency
     * @param p99Millis the 99th percentile latency
     * @param throughput runs per second
     * @param memoryMiB resident memory growth, or null
     * @param failure why it failed, or null
     */
    public ProfileMeasurement(String backend, String driver, int threads, double loadMillis, double p50Millis,
            double p99Millis, double throughput, Double memoryMiB, String failure) {
        this(backend, driver, threads, loadMillis, p50Millis, p99Millis, throughput, memoryMiB, failure, null);
    }

    /**
     * A candidate that failed.
     *
     * @param backend the backend
     * @param driver the driver, or null
     * @param threads the thread count
     * @param loadMillis time spent loading before the failure, or 0
     * @param failure why
     * @return the measurement
     */
    public static ProfileMeasurement failed(String backend, String driver, int threads, double loadMillis,
            String failure) {
        return new ProfileMeasurement(backend, driver, threads, loadMillis, 0, 0, 0, null, failure);
    }

    /**
     * Whether the candidate loaded and ran every timed run.
     *
     * @return true when it did
     */
    public boolean ok() {
        return failure == null;
    }

    /**
     * The candidate for people: {@code onnxruntime/cpu/2 threads}, {@code djl/defaults/1 thread}.
     *
     * @return the label
     */
    public String label() {
        return backend + "/" + (driver == null ? "defaults" : driver) + "/" + threads + (threads == 1 ? " thread" : " threads");
    }
}
