package org.modelgate.fleet.internal.federated;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.modelgate.fleet.DeviceQuery;

/**
 * What the aggregator needs of the fleet controller: the devices online now, and a signed command to one of them with
 * its answer (the controller's {@code CommandSender}: resent with the same id until answered or the deadline).
 */
public interface DeviceCalls {
    /** A device's answer. */
    record Answer(boolean ok, Object result, String error) {
    }

    /** Ids of the online devices matching the query, sorted. */
    List<String> online(DeviceQuery query);

    /**
     * Sends a signed command and waits for its answer.
     *
     * @throws TimeoutException when no answer came by the deadline or the wait was cancelled
     */
    Answer call(String device, String command, String id, Map<String, Object> body, Instant deadline,
            BooleanSupplier cancelled) throws TimeoutException, InterruptedException;

    /** How long a gateway may hold an update request while it trains (below the command's resend interval). */
    long pollWaitMillis();

    /** Largest chunk of bytes a command may carry (before base64). */
    int chunkBytes();
}
