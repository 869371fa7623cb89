package org.modelgate.launcher;

import java.util.logging.LogManager;

/**
 * The JDK resets java.util.logging from a shutdown hook of its own, concurrently with ours, which
 * would silence the gateway's last lines (bundles stopping, "stopped in N ms"). This manager
 * ignores that one reset; every other reset (reading a configuration) works as usual.
 */
public final class GatewayLogManager extends LogManager {

    @Override
    public void reset() {
        if (Thread.currentThread().getClass().getName().startsWith(LogManager.class.getName() + "$")) {
            return;
        }
        super.reset();
    }
}
