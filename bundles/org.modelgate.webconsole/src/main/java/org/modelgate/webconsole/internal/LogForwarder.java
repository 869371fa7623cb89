package org.modelgate.webconsole.internal;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

/**
 * Keeps warnings and errors on the gateway's log while the OSGi Log Service is installed.
 *
 * <p>The Web Console needs Felix Log (its inventory imports the log API, and the console shows the
 * log). Once a log service exists, Felix SCR and Felix HTTP write their messages to it instead of to
 * stdout, so without this a component that fails to activate would be seen only on the console's
 * log page. Entries of level WARN and above are passed on to the gateway's log (stdout), named after
 * the bundle that logged them; what was logged before this started is passed on at start.
 */
@Component(service = {})
public final class LogForwarder implements LogListener {
    private final LogReaderService reader;

    /**
     * Listens, then passes on what was logged before.
     *
     * @param reader the log service's reader
     */
    @Activate
    public LogForwarder(@Reference LogReaderService reader) {
        this.reader = reader;
        reader.addLogListener(this);
        List<LogEntry> earlier = new ArrayList<>();
        long now = System.currentTimeMillis();
        for (Enumeration<LogEntry> entries = reader.getLog(); entries.hasMoreElements();) {
            LogEntry entry = entries.nextElement();
            if (entry.getTime() < now) {
                earlier.add(entry);
            }
        }
        Collections.reverse(earlier); // the reader gives the newest first
        earlier.forEach(this::logged);
    }

    @Deactivate
    void stop() {
        reader.removeLogListener(this);
    }

    @Override
    public void logged(LogEntry entry) {
        LogLevel level = entry.getLogLevel();
        if (!LogLevel.WARN.implies(level)) {
            return;
        }
        String source = entry.getBundle() == null ? "osgi" : entry.getBundle().getSymbolicName();
        String message = entry.getMessage() == null ? "(no message)" : entry.getMessage();
        System.getLogger(source == null ? "osgi" : source)
                .log(level == LogLevel.WARN ? Level.WARNING : Level.ERROR, message, entry.getException());
    }
}
