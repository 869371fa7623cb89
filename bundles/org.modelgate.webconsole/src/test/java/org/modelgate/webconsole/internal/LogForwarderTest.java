package org.modelgate.webconsole.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogLevel;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;

/** Warnings and errors logged to the OSGi log reach the gateway's log; the rest stays in the OSGi log. */
class LogForwarderTest {
    private static final String SOURCE = "org.example.logging.bundle";

    private final List<LogRecord> printed = Collections.synchronizedList(new ArrayList<>());
    private final List<LogListener> listeners = new ArrayList<>();
    private final List<LogEntry> history = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            printed.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureTheGatewayLog() {
        Logger.getLogger(SOURCE).addHandler(capture);
    }

    @AfterEach
    void release() {
        Logger.getLogger(SOURCE).removeHandler(capture);
    }

    @Test
    void warningsAndErrorsArePassedOnUnderTheBundlesName() {
        LogForwarder forwarder = new LogForwarder(reader());
        IllegalStateException failure = new IllegalStateException("boom");

        listeners.forEach(l -> l.logged(entry(LogLevel.ERROR, "component failed", failure, 0)));
        listeners.forEach(l -> l.logged(entry(LogLevel.WARN, "careful", null, 0)));
        listeners.forEach(l -> l.logged(entry(LogLevel.INFO, "bundle started", null, 0)));
        listeners.forEach(l -> l.logged(entry(LogLevel.DEBUG, "details", null, 0)));

        assertThat(printed).extracting(LogRecord::getMessage).containsExactly("component failed", "careful");
        assertThat(printed.get(0).getLevel()).isEqualTo(java.util.logging.Level.SEVERE);
        assertThat(printed.get(0).getThrown()).isSameAs(failure);
        assertThat(printed.get(1).getLevel()).isEqualTo(java.util.logging.Level.WARNING);

        forwarder.stop();
        assertThat(listeners).isEmpty();
    }

    @Test
    void whatWasLoggedBeforeItStartedIsPassedOnOldestFirst() {
        history.add(entry(LogLevel.ERROR, "second", null, 2000)); // the reader gives the newest first
        history.add(entry(LogLevel.INFO, "not this", null, 1500));
        history.add(entry(LogLevel.WARN, "first", null, 1000));

        new LogForwarder(reader());

        assertThat(printed).extracting(LogRecord::getMessage).containsExactly("first", "second");
    }

    private LogReaderService reader() {
        return (LogReaderService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { LogReaderService.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "addLogListener" -> listeners.add((LogListener) args[0]);
                    case "removeLogListener" -> listeners.remove(args[0]);
                    case "getLog" -> Collections.enumeration(history);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static LogEntry entry(LogLevel level, String message, Throwable exception, long time) {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(LogForwarderTest.class.getClassLoader(), new Class<?>[] { Bundle.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> SOURCE;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (LogEntry) Proxy.newProxyInstance(LogForwarderTest.class.getClassLoader(), new Class<?>[] { LogEntry.class },
                (proxy, method, args) -> switch (method.getName()) {
                    case "getLogLevel" -> level;
                    case "getMessage" -> message;
                    case "getException" -> exception;
                    case "getBundle" -> bundle;
                    case "getTime" -> time;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
