package org.modelgate.audit.internal;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** A log file in a temporary folder and the component over it, as DS would start it. */
final class LogFixture {
    final Path file;
    AuditLogService log;

    LogFixture(Path folder) {
        this.file = folder.resolve("audit").resolve("audit.log");
    }

    AuditLogService start() {
        log = new AuditLogService(Clock.fixed(Instant.parse("2025-03-01T10:15:30.123456Z"), ZoneOffset.UTC));
        log.activate(config(file));
        return log;
    }

    void stop() {
        log.deactivate();
    }

    /** Stops the component, lets a test change the file's lines, starts a new instance. */
    List<String> lines() throws IOException {
        return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    void writeLines(List<String> lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    static AuditLogConfig config(Path file) {
        return new AuditLogConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return AuditLogConfig.class;
            }

            @Override
            public String file() {
                return file.toString();
            }
        };
    }
}
