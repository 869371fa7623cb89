package org.modelgate.launcher;

import java.util.logging.LogRecord;
import java.util.logging.StreamHandler;

/** A console handler on standard output (the JDK's ConsoleHandler writes to stderr), flushed per record. */
public final class StdoutHandler extends StreamHandler {

    public StdoutHandler() {
        super(System.out, new OneLineFormatter());
    }

    @Override
    public synchronized void publish(LogRecord record) {
        super.publish(record);
        flush();
    }

    @Override
    public synchronized void close() {
        flush(); // never close System.out
    }
}
