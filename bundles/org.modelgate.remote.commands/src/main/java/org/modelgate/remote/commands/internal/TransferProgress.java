package org.modelgate.remote.commands.internal;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a chunked transfer stands after a chunk.
 *
 * @param state the transfer's state
 * @param arrived the whole file, its hash checked, once the last chunk came; else null
 */
record TransferProgress(TransferState state, Path arrived) {
    /** The progress as the command's answer: transfer, file, size, received, complete. */
    Map<String, Object> toJson() {
        return json(state);
    }

    static Map<String, Object> json(TransferState state) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("transfer", state.transfer());
        json.put("file", state.file());
        json.put("size", state.size());
        json.put("received", state.received());
        json.put("complete", state.complete());
        return json;
    }
}
