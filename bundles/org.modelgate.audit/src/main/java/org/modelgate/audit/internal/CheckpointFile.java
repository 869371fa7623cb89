package org.modelgate.audit.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.modelgate.audit.AuditCheckpoint;
import org.modelgate.audit.AuditLogException;

/**
 * The checkpoint file, kept apart from the log: one line per signed checkpoint,
 * {@code {"seq":S,"hash":"H","time":"T","key":"K","sig":"BASE64"}}, appended and synced like the log.
 *
 * <p>A last line without its newline is what a crash while appending leaves: reading skips it and the
 * next append cuts it off. Every other line must be a checkpoint.
 */
final class CheckpointFile {
    private static final Pattern LINE = Pattern.compile("\\{\"seq\":([1-9][0-9]{0,18}),\"hash\":\"([0-9a-f]{64})\","
            + "\"time\":\"([0-9T:.Z-]{20,24})\",\"key\":\"([A-Za-z0-9._:-]{1,128})\",\"sig\":\"([A-Za-z0-9+/]+={0,2})\"}");
    /** A checkpoint line is about 250 bytes: this is some 400,000 of them. */
    private static final long MAX_BYTES = 100L << 20;

    private final Path path;

    CheckpointFile(Path path) {
        this.path = path.toAbsolutePath();
    }

    Path path() {
        return path;
    }

    /** One line of the file: a checkpoint, or why it is none. */
    record Line(long number, AuditCheckpoint checkpoint, String problem) {
    }

    /**
     * The lines of the file, oldest first; empty when the file does not exist.
     *
     * @return the lines, without a torn last line
     */
    List<Line> read() {
        List<Line> lines = new ArrayList<>();
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return lines;
        }
        try {
            if (Files.size(path) > MAX_BYTES) {
                throw new AuditLogException("the checkpoint file " + path + " is larger than " + MAX_BYTES
                        + " bytes: it is not a checkpoint file; move it away", null);
            }
            // Checkpoint lines are ASCII; any other byte just makes its line no checkpoint.
            String text = new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1);
            String whole = text.substring(0, text.lastIndexOf('\n') + 1);
            if (!whole.isEmpty()) {
                String[] parts = whole.substring(0, whole.length() - 1).split("\n", -1);
                for (int i = 0; i < parts.length; i++) {
                    lines.add(parse(i + 1, parts[i]));
                }
            }
        } catch (IOException e) {
            throw new AuditLogException("cannot read the checkpoint file " + path + ": " + AuditFile.describe(e), e);
        }
        return lines;
    }

    /**
     * Appends one checkpoint and syncs it; a torn last line (a crash while appending) is cut off first.
     *
     * @param checkpoint the signed checkpoint
     */
    void append(AuditCheckpoint checkpoint) {
        byte[] line = (format(checkpoint) + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Files.createDirectories(path.getParent());
            boolean created = !Files.exists(path, LinkOption.NOFOLLOW_LINKS);
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long end = wholeLinesEnd(channel);
                channel.truncate(end);
                ByteBuffer buffer = ByteBuffer.wrap(line);
                long position = end;
                while (buffer.hasRemaining()) {
                    position += channel.write(buffer, position);
                }
                channel.force(true);
            }
            if (created) {
                try (FileChannel dir = FileChannel.open(path.getParent(), StandardOpenOption.READ)) {
                    dir.force(true);
                }
            }
        } catch (IOException e) {
            throw new AuditLogException("cannot write the checkpoint file " + path + ": " + AuditFile.describe(e), e);
        }
    }

    static String format(AuditCheckpoint checkpoint) {
        return "{\"seq\":" + checkpoint.sequence() + ",\"hash\":\"" + checkpoint.headHash() + "\",\"time\":\""
                + checkpoint.time() + "\",\"key\":\"" + checkpoint.keyId() + "\",\"sig\":\""
                + Base64.getEncoder().encodeToString(checkpoint.signature()) + "\"}";
    }

    private static Line parse(long number, String text) {
        Matcher m = LINE.matcher(text);
        if (!m.matches()) {
            return new Line(number, null, "line " + number + " is not a checkpoint");
        }
        try {
            AuditCheckpoint checkpoint = new AuditCheckpoint(Long.parseLong(m.group(1)), m.group(2),
                    Instant.parse(m.group(3)), m.group(4), Base64.getDecoder().decode(m.group(5)));
            if (!format(checkpoint).equals(text)) {
                return new Line(number, null, "line " + number + " is not in canonical form");
            }
            return new Line(number, checkpoint, null);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return new Line(number, null, "line " + number + " is not a checkpoint: " + e.getMessage());
        }
    }

    private static long wholeLinesEnd(FileChannel channel) throws IOException {
        long size = channel.size();
        long position = size;
        ByteBuffer one = ByteBuffer.allocate(1);
        while (position > 0) {
            one.clear();
            channel.read(one, position - 1);
            if (one.get(0) == '\n') {
                return position;
            }
            position--;
        }
        return 0;
    }
}
