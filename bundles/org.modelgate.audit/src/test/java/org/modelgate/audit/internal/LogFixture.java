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
import java.util.function.Consumer;

import org.modelgate.audit.AuditCheckpoint;
import org.modelgate.audit.CheckpointSigner;

/** A log file in a temporary folder and the component over it, as DS would start it. */
final class LogFixture {
    final Path file;
    AuditLogService log;
    /** Set before {@link #start()}: signs checkpoints, or null for none. */
    CheckpointSigner signer;
    /** Set before {@link #start()}: told of every checkpoint. */
    final List<AuditCheckpoint> published = new ArrayList<>();
    int checkpointEveryEntries = 100;

    LogFixture(Path folder) {
        this.file = folder.resolve("audit").resolve("audit.log");
    }

    AuditLogService start() {
        log = new AuditLogService(Clock.fixed(Instant.parse("2025-03-01T10:15:30.123456Z"), ZoneOffset.UTC));
        log.signer = signer;
        log.listeners.add(published::add);
        log.activate(config(file, checkpointEveryEntries));
        return log;
    }

    void stop() {
        log.deactivate();
    }

    /** Stops the component cleanly (a checkpoint), lets a test change the file's lines, starts a new instance. */
    void restartEdited(Consumer<List<String>> edit) throws IOException {
        stop();
        List<String> lines = lines();
        edit.accept(lines);
        writeLines(lines);
        start();
    }

    /** The file's lines, in a list a test may change. */
    List<String> lines() throws IOException {
        return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    void writeLines(List<String> lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    /** The checkpoint file beside the log. */
    Path checkpoints() {
        return file.resolveSibling("checkpoints");
    }

    static AuditLogConfig config(Path file) {
        return config(file, 100);
    }

    static AuditLogConfig config(Path file, int everyEntries) {
        return new AuditLogConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return AuditLogConfig.class;
            }

            @Override
            public String file() {
                return file.toString();
            }

            @Override
            public String checkpointFile() {
                return "";
            }

            @Override
            public int checkpointEveryEntries() {
                return everyEntries;
            }

            @Override
            public long checkpointIntervalSeconds() {
                return 0;
            }
        };
    }
}
