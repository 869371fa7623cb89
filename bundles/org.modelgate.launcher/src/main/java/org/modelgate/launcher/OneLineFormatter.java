package org.modelgate.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * {@code 2025-11-25 16:05:00.123 INFO  [main] Gateway: message}; a throwable follows on the next
 * lines only when the record carries one.
 */
public final class OneLineFormatter extends Formatter {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

    @Override
    public String format(LogRecord record) {
        StringBuilder line = new StringBuilder(160)
                .append(TIME.format(LocalDateTime.ofInstant(record.getInstant(), ZoneId.systemDefault())))
                .append(' ').append(String.format("%-5s", level(record)))
                .append(" [").append(Thread.currentThread().getName()).append("] ")
                .append(shortName(record.getLoggerName())).append(": ")
                .append(formatMessage(record)).append(System.lineSeparator());
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(trace);
        }
        return line.toString();
    }

    private static String level(LogRecord record) {
        return switch (record.getLevel().getName()) {
            case "SEVERE" -> "ERROR";
            case "WARNING" -> "WARN";
            case "FINE", "FINER", "FINEST" -> "DEBUG";
            default -> record.getLevel().getName();
        };
    }

    private static String shortName(String logger) {
        if (logger == null) {
            return "-";
        }
        return logger.startsWith("org.modelgate.launcher.") ? logger.substring(logger.lastIndexOf('.') + 1) : logger;
    }
}
