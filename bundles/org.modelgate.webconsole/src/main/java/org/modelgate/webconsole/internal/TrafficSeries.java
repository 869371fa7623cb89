package org.modelgate.webconsole.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.modelgate.spi.InferenceMonitor;
import org.modelgate.spi.InferenceRecord;
import org.osgi.service.component.annotations.Component;

/**
 * The Model health page's own record of traffic: an {@link InferenceMonitor} (fed by the record stream of
 * bundle {@code org.modelgate.monitor} on its own thread) that keeps a {@link LatencySeries} per model
 * version, at most {@value #MAX_SERIES} of them; when a new version needs room, the one that served
 * longest ago goes. Memory stays fixed whatever the traffic: {@value #MAX_SERIES} series of
 * {@value LatencySeries#SECONDS} seconds.
 */
@Component(service = { InferenceMonitor.class, TrafficSeries.class },
        property = InferenceMonitor.NAME + "=" + TrafficSeries.MONITOR_NAME)
public class TrafficSeries implements InferenceMonitor {
    static final String MONITOR_NAME = "webconsole-model-health";
    /** The most model versions kept at once. */
    static final int MAX_SERIES = 32;

    private final Map<Key, LatencySeries> series = new LinkedHashMap<>();

    @Override
    public void accept(InferenceRecord record) {
        long epochSecond = Math.floorDiv(record.startMillis(), 1000L);
        float millis = record.latencyNanos() / 1_000_000f;
        seriesOf(new Key(record.model(), record.version()), epochSecond)
                .add(epochSecond, millis, record.outcome() != InferenceRecord.Outcome.SUCCESS);
    }

    private synchronized LatencySeries seriesOf(Key key, long epochSecond) {
        LatencySeries found = series.get(key);
        if (found != null) {
            return found;
        }
        if (series.size() >= MAX_SERIES) {
            Key oldest = null;
            long oldestSecond = Long.MAX_VALUE;
            for (Map.Entry<Key, LatencySeries> entry : series.entrySet()) {
                long newest = entry.getValue().newestSecond();
                if (newest < oldestSecond) {
                    oldestSecond = newest;
                    oldest = entry.getKey();
                }
            }
            series.remove(oldest);
        }
        LatencySeries created = new LatencySeries();
        series.put(key, created);
        return created;
    }

    /** @return the models with traffic in memory, sorted */
    synchronized List<String> models() {
        TreeSet<String> models = new TreeSet<>();
        series.keySet().forEach(key -> models.add(key.model()));
        return new ArrayList<>(models);
    }

    /**
     * The windows of a model's versions that ends at a second.
     *
     * @param model the model name
     * @param endSecond the window's last second
     * @return per version (in the order they first served), its window
     */
    Map<String, LatencySeries.Window> windows(String model, long endSecond) {
        Map<String, LatencySeries> versions = new LinkedHashMap<>();
        synchronized (this) {
            series.forEach((key, value) -> {
                if (key.model().equals(model)) {
                    versions.put(key.version(), value);
                }
            });
        }
        Map<String, LatencySeries.Window> windows = new LinkedHashMap<>();
        versions.forEach((version, value) -> {
            LatencySeries.Window window = value.window(endSecond);
            if (window.requests() > 0) {
                windows.put(version, window);
            }
        });
        return windows;
    }

    /** @return how many model versions are kept */
    synchronized int size() {
        return series.size();
    }

    private record Key(String model, String version) {
    }
}
