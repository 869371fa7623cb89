package org.modelgate.monitor.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.modelgate.spi.InferenceMonitor;
import org.modelgate.spi.InferenceRecord;
import org.modelgate.spi.InputShape;
import org.modelgate.spi.RecentInputs;
import org.osgi.service.component.annotations.Component;

/**
 * Keeps, per model version, the inputs of its successful requests: the latest shape of each input and the range of
 * values seen (what profiling runs a model on when it has no golden samples). A monitor of the record stream, so it
 * runs on the stream's thread, never on a request's; it holds one small entry per model version and input.
 */
@Component(service = { InferenceMonitor.class, RecentInputs.class }, property = InferenceMonitor.NAME + "=recent-inputs")
public class RecentInputsRecorder implements InferenceMonitor, RecentInputs {
    /** Versions kept: the oldest seen is forgotten beyond this (a gateway with many versions over months). */
    static final int MAX_VERSIONS = 256;
    private final Map<String, Map<String, InputShape>> byVersion = new ConcurrentHashMap<>();

    @Override
    public void accept(InferenceRecord record) {
        if (record.outcome() != InferenceRecord.Outcome.SUCCESS || record.inputShapes().isEmpty()) {
            return; // a rejected request's shapes are the ones the model does not take
        }
        String key = key(record.model(), record.version());
        Map<String, InputShape> seen = byVersion.get(key);
        Map<String, InputShape> next = new LinkedHashMap<>();
        for (InputShape input : record.inputShapes()) {
            InputShape before = seen == null ? null : seen.get(input.name());
            next.put(input.name(), before == null ? input : before.merge(input));
        }
        if (seen == null && byVersion.size() >= MAX_VERSIONS) {
            byVersion.keySet().stream().findFirst().ifPresent(byVersion::remove);
        }
        byVersion.put(key, Map.copyOf(next)); // one writer (the stream's thread); readers see a whole map
    }

    @Override
    public List<InputShape> of(String model, String version) {
        Map<String, InputShape> seen = byVersion.get(key(model, version));
        return seen == null ? List.of() : List.copyOf(new ArrayList<>(seen.values()));
    }

    private static String key(String model, String version) {
        return model + '\u0000' + version;
    }
}
