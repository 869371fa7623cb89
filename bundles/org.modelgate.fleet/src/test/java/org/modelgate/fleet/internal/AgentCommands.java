package org.modelgate.fleet.internal;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.modelgate.remote.mqtt.link.Json;

/**
 * What the in-test gateways (TestAgents here, ReleaseGateways of the federated tests) answer the way a real agent
 * does: a command's answer, and a model package arriving in deploy chunks.
 */
public final class AgentCommands {
    /** A command's work: its result, or an IllegalStateException whose message the controller gets. */
    public interface Work {
        Object run() throws Exception;
    }

    private AgentCommands() {
    }

    /** {@code {"id", "result", "ok": true}}, or {@code {"id", "ok": false, "error"}} when the work refuses. */
    public static byte[] answer(String id, Work work) throws Exception {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        try {
            answer.put("result", work.run());
            answer.put("ok", true);
        } catch (IllegalStateException e) {
            answer.put("ok", false);
            answer.put("error", e.getMessage());
        }
        return Json.write(answer);
    }

    /**
     * Adds one deploy chunk ({@code transfer}, {@code offset}, {@code data}, {@code size}, {@code sha256}) to its
     * transfer and puts the transfer's progress into {@code result}.
     *
     * @return the whole package once its last chunk came and its SHA-256 matches; null while chunks are missing
     * @throws IllegalStateException for a chunk out of order or a package whose SHA-256 does not match
     */
    public static byte[] deployChunk(Map<String, ByteArrayOutputStream> transfers, Map<?, ?> body,
            Map<String, Object> result) throws Exception {
        String transfer = String.valueOf(body.get("transfer"));
        ByteArrayOutputStream bytes = transfers.computeIfAbsent(transfer, t -> new ByteArrayOutputStream());
        long offset = ((Number) body.get("offset")).longValue();
        if (offset != bytes.size()) {
            throw new IllegalStateException("chunk at offset " + offset + " is out of order: " + bytes.size()
                    + " bytes were received so far");
        }
        bytes.write(Base64.getDecoder().decode(String.valueOf(body.get("data"))));
        long size = ((Number) body.get("size")).longValue();
        result.put("transfer", Map.of("transfer", transfer, "received", bytes.size(), "size", size));
        if (bytes.size() < size) {
            return null;
        }
        transfers.remove(transfer);
        byte[] mgp = bytes.toByteArray();
        if (!HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(mgp)).equals(body.get("sha256"))) {
            throw new IllegalStateException("SHA-256 mismatch");
        }
        return mgp;
    }
}
