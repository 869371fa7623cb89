package org.modelgate.launcher;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;

/** Felix's own messages (resolution, bundle start errors) into java.util.logging, one line each. */
final class FrameworkLog extends org.apache.felix.framework.Logger {
    private static final Logger LOG = Logger.getLogger("org.apache.felix.framework");

    @Override
    protected void doLog(Bundle bundle, ServiceReference sr, int level, String msg, Throwable throwable) {
        String prefix = bundle == null ? "" : "[" + bundle.getSymbolicName() + "] ";
        LOG.log(level(level), prefix + msg, throwable);
    }

    @Override
    protected void doLog(int level, String msg, Throwable throwable) {
        LOG.log(level(level), msg, throwable);
    }

    private static Level level(int felixLevel) {
        return switch (felixLevel) {
            case LOG_ERROR -> Level.SEVERE;
            case LOG_WARNING -> Level.WARNING;
            case LOG_INFO -> Level.INFO;
            default -> Level.FINE;
        };
    }
}
