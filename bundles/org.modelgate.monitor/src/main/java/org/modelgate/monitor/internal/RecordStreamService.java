package org.modelgate.monitor.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.modelgate.monitor.RecordStreamStatus;
import org.modelgate.spi.InferenceMonitor;
import org.modelgate.spi.InferenceRecord;
import org.modelgate.spi.InferenceRecordSink;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The record stream as an OSGi service: the core's {@link InferenceRecordSink}, fed to every
 * {@link InferenceMonitor} service (whiteboard).
 */
@Component(service = { InferenceRecordSink.class, RecordStreamStatus.class }, configurationPid = RecordStreamConfig.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = RecordStreamConfig.class)
public class RecordStreamService implements InferenceRecordSink, RecordStreamStatus {
    /** Bound before activation too (SCR binds dynamic references first), so kept here and handed to the stream. */
    private final Map<InferenceMonitor, String> monitors = new ConcurrentHashMap<>();
    private volatile RecordStream stream;

    @Activate
    void activate(RecordStreamConfig config) {
        RecordStream started = new RecordStream(config.capacity(), config.monitorCapacity());
        synchronized (this) {
            monitors.forEach(started::add);
            stream = started;
        }
    }

    @Deactivate
    synchronized void deactivate() {
        RecordStream stopped = stream;
        stream = null;
        if (stopped != null) {
            stopped.close();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    synchronized void addMonitor(InferenceMonitor monitor, Map<String, Object> properties) {
        Object name = properties.get(InferenceMonitor.NAME);
        String named = name == null ? monitor.getClass().getName() : name.toString();
        monitors.put(monitor, named);
        if (stream != null) {
            stream.add(monitor, named);
        }
    }

    synchronized void removeMonitor(InferenceMonitor monitor) {
        monitors.remove(monitor);
        if (stream != null) {
            stream.remove(monitor);
        }
    }

    @Override
    public void offer(InferenceRecord record) {
        RecordStream now = stream;
        if (now != null) {
            now.offer(record);
        }
    }

    @Override
    public long recordsTaken() {
        RecordStream now = stream;
        return now == null ? 0 : now.recordsTaken();
    }

    @Override
    public long recordsDropped() {
        RecordStream now = stream;
        return now == null ? 0 : now.recordsDropped();
    }

    @Override
    public List<MonitorStatus> monitors() {
        RecordStream now = stream;
        return now == null ? List.of() : now.monitors();
    }
}
