package org.modelgate.host.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A host that answers its first run with garbage (once per marker file, so the host that replaces it behaves):
 * {@code -Dgarbage.kind=magic} a bad magic, {@code id} a reply to another request, {@code length} an impossible
 * body length.
 */
public final class GarbageHostMain {
    private GarbageHostMain() {
    }

    /**
     * Runs the host.
     *
     * @param args as {@link HostMain}'s
     */
    public static void main(String[] args) {
        new HostServer(Path.of(args[0]), Integer.parseInt(args[1]), args[2], Long.parseLong(args[3]), Path.of(args[4]),
                "-".equals(args[5]) ? null : args[5], args[6]) {
            @Override
            protected void reply(LaneLink link, ByteBuffer header, int type, long id, Wire out, long free)
                    throws IOException {
                Path marker = Path.of(System.getProperty("garbage.marker"));
                if (id > 1 && !Files.exists(marker)) {
                    Files.createFile(marker);
                    String kind = System.getProperty("garbage.kind");
                    Frame.encode(header, "magic".equals(kind) ? 0x0BADF00D : Frame.REPLY_MAGIC, type,
                            "id".equals(kind) ? id + 7 : id, "length".equals(kind) ? Integer.MAX_VALUE : 0, link.memory.size());
                    link.sendOnSocket(header);
                    return;
                }
                super.reply(link, header, type, id, out, free);
            }
        }.serve();
    }
}
