package org.modelgate.spi;

import java.util.Map;
import java.util.TreeMap;

/**
 * How a backend should run one model on a driver's device: a rank to compare drivers, and backend settings.
 *
 * <p>The settings are strings in the backend's own vocabulary, the same keys a model may give in the
 * {@code options} of its model.json; for the {@code onnxruntime} backend, for example:
 * {@code ort.executionProviders=CUDA,CPU}, {@code ort.cuda.device_id=0}, {@code intraOpThreads=4},
 * {@code ort.arena=true} (see the backend's README). The core hands them to the backend in
 * {@link ModelArtifact#options()}; a model's own options win over them.
 *
 * <p>Ranks, higher first: about 10 for the plain CPU, 20-39 for CPU libraries and integrated accelerators,
 * 40-69 for NPUs, 70-100 for discrete GPUs.
 *
 * @param rank how good this device is for the model, higher is better
 * @param settings the backend settings; may be empty (the backend's defaults on this device)
 */
public record ExecutionSettings(int rank, Map<String, String> settings) {
    /**
     * Creates settings, copying them in key order.
     *
     * @param rank the rank
     * @param settings the settings
     */
    public ExecutionSettings {
        settings = java.util.Collections.unmodifiableMap(new TreeMap<>(settings));
    }

    /**
     * Settings of a rank.
     *
     * @param rank the rank, higher is better
     * @param settings the backend settings
     * @return the settings
     */
    public static ExecutionSettings of(int rank, Map<String, String> settings) {
        return new ExecutionSettings(rank, settings);
    }
}
