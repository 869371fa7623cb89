package org.modelgate.remote.commands.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.modelgate.remote.CommandCall;
import org.modelgate.remote.CommandException;

/** A chunk read from a command body: each field checked, with a message naming it. */
class ChunkTest {
    private static final String SHA = "ab".repeat(32);

    @Test
    void aWellFormedChunkIsRead() {
        Chunk chunk = Chunk.from(call(body()), ".mgp");
        assertThat(chunk.transfer()).isEqualTo("t-1");
        assertThat(chunk.data()).containsExactly(1, 2, 3);
        assertThat(chunk.end()).isEqualTo(13);
    }

    @Test
    void dataThatIsNotBase64IsRefusedNamingTheChunk() {
        Map<String, Object> body = body();
        body.put("data", "not base64!");
        assertThatThrownBy(() -> Chunk.from(call(body), ".mgp")).isInstanceOf(CommandException.class)
                .hasMessageContaining("\"data\" of the chunk at offset 10 of transfer t-1 is not base64");
    }

    @Test
    void aTransferIdThatCouldLeaveTheFolderIsRefused() {
        Map<String, Object> body = body();
        body.put("transfer", "../etc");
        assertThatThrownBy(() -> Chunk.from(call(body), ".mgp")).hasMessageContaining("\"transfer\" is 1 to 64");
    }

    @Test
    void aFileOfAnotherExtensionOrWithAFolderIsRefused() {
        Map<String, Object> body = body();
        body.put("file", "iris.jar");
        assertThatThrownBy(() -> Chunk.from(call(body), ".mgp")).hasMessageContaining("must end in .mgp");
        body.put("file", "a/b.mgp");
        assertThatThrownBy(() -> Chunk.from(call(body), ".mgp")).hasMessageContaining("plain file name");
    }

    @Test
    void aMissingOrMalformedHashOrOffsetIsRefused() {
        Map<String, Object> body = body();
        body.put("sha256", "1234");
        assertThatThrownBy(() -> Chunk.from(call(body), ".mgp")).hasMessageContaining("64 hex digits");
        Map<String, Object> noOffset = body();
        noOffset.remove("offset");
        assertThatThrownBy(() -> Chunk.from(call(noOffset), ".mgp")).hasMessageContaining("\"offset\"");
        Map<String, Object> negative = body();
        negative.put("offset", -5);
        assertThatThrownBy(() -> Chunk.from(call(negative), ".mgp")).hasMessageContaining("whole number, 0 or more");
    }

    private static Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("transfer", "t-1");
        body.put("file", "iris-1.1.0.mgp");
        body.put("size", 100);
        body.put("sha256", SHA);
        body.put("offset", 10);
        body.put("data", Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}));
        return body;
    }

    static CommandCall call(Map<String, Object> body) {
        return new CommandCall("deploy", "id-1", body, "ops", null, null);
    }
}
