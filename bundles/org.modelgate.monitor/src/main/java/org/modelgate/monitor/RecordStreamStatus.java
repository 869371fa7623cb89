package org.modelgate.monitor;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The state of the inference record stream, as counters since it started.
 *
 * <pre>
 * RecordStreamStatus stream = ...; // an OSGi service of bundle org.modelgate.monitor
 * long lost = stream.recordsDropped();
 * for (MonitorStatus monitor : stream.monitors()) {
 *     System.out.println(monitor.name() + ": " + monitor.dropped() + " dropped, " + monitor.failures() + " failures");
 * }
 * </pre>
 */
@ProviderType
public interface RecordStreamStatus {
    /** @return records the stream took from the core */
    long recordsTaken();

    /** @return records dropped at the entrance because the stream's queue was full (the dispatcher fell behind) */
    long recordsDropped();

    /** @return the monitors the stream feeds now, by name */
    List<MonitorStatus> monitors();

    /**
     * How one monitor keeps up.
     *
     * @param name the monitor's name ({@code modelgate.monitor.name}, else its class)
     * @param delivered records it took
     * @param dropped records dropped because its queue was full (it is slow or hangs)
     * @param failures records on which it threw
     */
    record MonitorStatus(String name, long delivered, long dropped, long failures) {
    }
}
