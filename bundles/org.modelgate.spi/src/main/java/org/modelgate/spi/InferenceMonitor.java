package org.modelgate.spi;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Watches the gateway's inferences: one {@link InferenceRecord} per completed request, on the monitor's own thread.
 *
 * <p>A monitor bundle implements this and registers it as an OSGi service (whiteboard); the record stream
 * (bundle {@code org.modelgate.monitor}) finds it and gives it a queue and a thread of its own. Inference never
 * waits for a monitor: when a monitor falls behind, the records it has no room for are dropped and counted; a
 * monitor that throws is counted and logged once and keeps receiving records; one that hangs only loses its
 * own records. Records of one monitor arrive in the order the stream took them, one at a time.
 *
 * <pre>
 * &#64;Component(property = InferenceMonitor.NAME + "=slow-requests")
 * public class SlowRequests implements InferenceMonitor {
 *     public void accept(InferenceRecord record) {
 *         if (record.latencyNanos() &gt; 50_000_000L) {
 *             LOG.info(record.model() + " " + record.version() + " took " + record.latencyNanos() / 1_000_000 + " ms");
 *         }
 *     }
 * }
 * </pre>
 */
@ConsumerType
public interface InferenceMonitor {
    /**
     * Service property: the monitor's name in logs and metrics ({@code modelgate_monitor_dropped_records_total});
     * the implementation class name when absent.
     */
    String NAME = "modelgate.monitor.name";

    /**
     * Takes one record; called on the monitor's own thread, never concurrently.
     *
     * @param record the record of one inference
     */
    void accept(InferenceRecord record);
}
