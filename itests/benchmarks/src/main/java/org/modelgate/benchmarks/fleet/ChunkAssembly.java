package org.modelgate.benchmarks.fleet;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The deploy command's chunked transfers, in memory: chunks in order ({@code offset} = bytes received so far; a repeat
 * with the same bytes is harmless, one past the end is refused naming the offset to send), every chunk repeating file,
 * size and sha256, the SHA-256 of the whole file checked with the last byte (a mismatch discards the transfer), and
 * {@code {"transfer", "status": true}} answering where a transfer stands. The wording of refusals is the real
 * gateway's (org.modelgate.remote.commands' TransferFolder), so a controller sees the same answers.
 */
final class ChunkAssembly {
    private final Map<String, Transfer> open = new HashMap<>();

    /** A transfer under way. */
    private static final class Transfer {
        final String file;
        final long size;
        final String sha256;
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        Transfer(String file, long size, String sha256) {
            this.file = file;
            this.size = size;
            this.sha256 = sha256;
        }
    }

    /** What a chunk brought: the progress, and the whole file once its hash matched. */
    record Progress(Map<String, Object> json, byte[] file, String fileName) {
        boolean complete() {
            return file != null;
        }
    }

    /**
     * Takes a deploy body: a chunk or a resume question.
     *
     * @throws CommandError naming what is wrong, as the gateway words it
     */
    Progress receive(Map<String, Object> body) throws CommandError {
        String id = text(body, "transfer");
        if (Boolean.TRUE.equals(body.get("status"))) {
            Transfer t = open.get(id);
            if (t == null) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("transfer", id);
                json.put("received", 0);
                json.put("open", false);
                return new Progress(json, null, null);
            }
            return new Progress(progress(id, t, false), null, null);
        }
        String file = text(body, "file");
        if (!file.endsWith(".mgp")) {
            throw new CommandError("\"file\" must be a plain file name ending in .mgp, not " + file);
        }
        long size = number(body, "size");
        String sha256 = text(body, "sha256");
        long offset = number(body, "offset");
        byte[] data;
        try {
            data = Base64.getDecoder().decode(text(body, "data"));
        } catch (IllegalArgumentException e) {
            throw new CommandError("\"data\" is not base64: " + e.getMessage());
        }
        Transfer t = open.computeIfAbsent(id, k -> new Transfer(file, size, sha256));
        if (!t.file.equals(file) || t.size != size || !t.sha256.equals(sha256)) {
            throw new CommandError("transfer " + id + " is for " + t.file + " (" + t.size + " bytes, sha256 " + t.sha256
                    + "); a chunk must repeat them; use a new transfer id for another file");
        }
        long received = t.bytes.size();
        if (offset > received) {
            throw new CommandError("chunk at offset " + offset + " of transfer " + id + " is out of order: " + received
                    + " bytes were received so far; send the chunk at offset " + received);
        }
        long end = Math.min(size, offset + data.length);
        if (end > received) {
            t.bytes.write(data, (int) (received - offset), (int) (end - received));
        }
        if (t.bytes.size() < size) {
            return new Progress(progress(id, t, false), null, null);
        }
        open.remove(id);
        byte[] whole = t.bytes.toByteArray();
        String actual = sha256(whole);
        if (!actual.equals(sha256)) {
            throw new CommandError("transfer " + id + " (" + file + "): the SHA-256 of the " + size + " bytes received is "
                    + actual + ", not " + sha256 + "; it was discarded and nothing was installed");
        }
        return new Progress(progress(id, t, true), whole, file);
    }

    private static Map<String, Object> progress(String id, Transfer t, boolean complete) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("transfer", id);
        json.put("file", t.file);
        json.put("size", t.size);
        json.put("received", complete ? t.size : t.bytes.size());
        json.put("complete", complete);
        return json;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String text(Map<String, Object> body, String field) throws CommandError {
        Object value = body.get(field);
        if (!(value instanceof String s) || s.isBlank()) {
            throw new CommandError("\"" + field + "\" is required (a string)");
        }
        return s;
    }

    static long number(Map<String, Object> body, String field) throws CommandError {
        Object value = body.get(field);
        if (!(value instanceof Number n) || n.longValue() < 0) {
            throw new CommandError("\"" + field + "\" is required (a number >= 0)");
        }
        return n.longValue();
    }
}
