package org.modelgate.remote.mqtt.spool;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Path;

/**
 * The process {@link SpoolCrashTest} kills: offers entries as fast as it can and prints each sequence number once
 * {@link Spool#offer} returned it (so a printed number was reported durable).
 */
public final class SpoolCrashChild {
    private SpoolCrashChild() {
    }

    /**
     * Offers entries until killed.
     *
     * @param args the spool folder, the number of entries to offer
     * @throws Exception when the spool fails
     */
    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[1]);
        DiskSpool spool = DiskSpool.open(Path.of(args[0]), 64L << 20);
        System.out.println("open");
        System.out.flush();
        for (int i = 0; i < count; i++) {
            long seq = spool.offer(i % 5 == 0 ? Spool.Kind.ALERT : Spool.Kind.TELEMETRY, payload(i));
            System.out.println(seq + " " + i);
            System.out.flush();
        }
        System.out.println("done");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    static byte[] payload(int i) {
        return ("{\"type\":\"telemetry\",\"n\":" + i + ",\"pad\":\"" + "x".repeat(200) + "\"}").getBytes(UTF_8);
    }
}
