package org.modelgate.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where the core puts the record of each inference: the entrance of the record stream.
 *
 * <p>Implemented by the record stream bundle ({@code org.modelgate.monitor}), consumed by the core; monitor
 * bundles implement {@link InferenceMonitor}, not this. The core calls {@link #offer} on the request's thread
 * once per inference when a sink is registered, and builds no record when none is.
 *
 * <pre>
 * InferenceRecordSink sink = this.sink; // a volatile, optional, dynamic reference
 * if (sink != null) {
 *     sink.offer(new InferenceRecord(...));
 * }
 * </pre>
 */
@ProviderType
public interface InferenceRecordSink {
    /**
     * Takes a record without blocking, locking or allocating: a full stream drops it and counts it.
     *
     * @param record the record
     */
    void offer(InferenceRecord record);
}
