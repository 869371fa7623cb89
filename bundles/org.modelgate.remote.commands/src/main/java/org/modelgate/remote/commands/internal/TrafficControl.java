package org.modelgate.remote.commands.internal;

import org.modelgate.remote.CommandCall;

/** Carries out the traffic command on the TrafficManager (see {@link TrafficManagerControl}). */
public interface TrafficControl {
    /**
     * @param call the traffic command
     * @param action its action, checked: start, status, promote or rollback
     * @return the answer
     */
    Object run(CommandCall call, String action);
}
