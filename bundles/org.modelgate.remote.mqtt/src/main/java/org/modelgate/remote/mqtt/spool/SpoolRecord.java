package org.modelgate.remote.mqtt.spool;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * One record of the spool's journal, and its framing on disk: {@code int length, int crc32c, body}, where the
 * body starts with a type byte. The CRC makes a torn or damaged record recognisable when the journal is replayed.
 *
 * @param type what happened
 * @param seq the entry it is about (0 for {@link Type#REFUSED} and {@link Type#STATE})
 * @param kind the entry's kind ({@link Type#ENTRY}, {@link Type#DROPPED}), else null
 * @param createdMillis when the entry was offered ({@link Type#ENTRY})
 * @param payload the entry's payload ({@link Type#ENTRY}), else empty
 * @param counters for {@link Type#STATE}: next sequence, dropped telemetry, dropped alerts, refused
 */
record SpoolRecord(Type type, long seq, Spool.Kind kind, long createdMillis, byte[] payload, long[] counters) {
    /** Bytes before the body: its length and its CRC. */
    static final int FRAME = 8;
    /** Bytes of an entry record before its payload (frame, type, seq, kind, created). */
    static final int ENTRY_HEADER = FRAME + 1 + 8 + 1 + 8;

    private static final byte[] NONE = new byte[0];

    /** What a record says. */
    enum Type {
        /** An entry was offered. */
        ENTRY,
        /** An entry was delivered (removed by the agent). */
        DELIVERED,
        /** An entry was dropped to make room: counted. */
        DROPPED,
        /** An offer was refused, its payload larger than the spool: counted. */
        REFUSED,
        /** The counters as they were when the journal was compacted: its first record. */
        STATE
    }

    static SpoolRecord entry(long seq, Spool.Kind kind, long createdMillis, byte[] payload) {
        return new SpoolRecord(Type.ENTRY, seq, kind, createdMillis, payload, null);
    }

    static SpoolRecord delivered(long seq) {
        return new SpoolRecord(Type.DELIVERED, seq, null, 0, NONE, null);
    }

    static SpoolRecord dropped(long seq, Spool.Kind kind) {
        return new SpoolRecord(Type.DROPPED, seq, kind, 0, NONE, null);
    }

    static SpoolRecord refused() {
        return new SpoolRecord(Type.REFUSED, 0, null, 0, NONE, null);
    }

    static SpoolRecord state(long nextSeq, long droppedTelemetry, long droppedAlerts, long refused) {
        return new SpoolRecord(Type.STATE, 0, null, 0, NONE, new long[] {nextSeq, droppedTelemetry, droppedAlerts, refused});
    }

    /** Bytes this record takes on disk, frame included. */
    int size() {
        return FRAME + bodySize();
    }

    private int bodySize() {
        return switch (type) {
            case ENTRY -> 1 + 8 + 1 + 8 + payload.length;
            case DELIVERED -> 1 + 8;
            case DROPPED -> 1 + 8 + 1;
            case REFUSED -> 1;
            case STATE -> 1 + 4 * 8;
        };
    }

    /** Writes the framed record at the buffer's position. */
    void writeTo(ByteBuffer out) {
        int start = out.position();
        out.putInt(bodySize()).putInt(0);
        int body = out.position();
        out.put((byte) type.ordinal());
        switch (type) {
            case ENTRY -> out.putLong(seq).put((byte) kind.ordinal()).putLong(createdMillis).put(payload);
            case DELIVERED -> out.putLong(seq);
            case DROPPED -> out.putLong(seq).put((byte) kind.ordinal());
            case REFUSED -> { }
            case STATE -> {
                for (long counter : counters) {
                    out.putLong(counter);
                }
            }
        }
        out.putInt(start + 4, crc(out, body, out.position()));
    }

    /**
     * Reads the body of a record whose frame was checked.
     *
     * @param body the body, position at its start, limit at its end
     * @return the record
     * @throws IllegalArgumentException when the body does not hold what its type says
     */
    static SpoolRecord readBody(ByteBuffer body) {
        int typeIndex = body.get();
        if (typeIndex < 0 || typeIndex >= Type.values().length) {
            throw new IllegalArgumentException("unknown record type " + typeIndex);
        }
        Type type = Type.values()[typeIndex];
        return switch (type) {
            case ENTRY -> {
                long seq = body.getLong();
                Spool.Kind kind = kind(body.get());
                long created = body.getLong();
                byte[] payload = new byte[body.remaining()];
                body.get(payload);
                yield entry(seq, kind, created, payload);
            }
            case DELIVERED -> delivered(body.getLong());
            case DROPPED -> dropped(body.getLong(), kind(body.get()));
            case REFUSED -> refused();
            case STATE -> state(body.getLong(), body.getLong(), body.getLong(), body.getLong());
        };
    }

    private static Spool.Kind kind(byte index) {
        if (index < 0 || index >= Spool.Kind.values().length) {
            throw new IllegalArgumentException("unknown entry kind " + index);
        }
        return Spool.Kind.values()[index];
    }

    /** The CRC32C of buffer bytes [from, to). */
    static int crc(ByteBuffer buffer, int from, int to) {
        CRC32C crc = new CRC32C();
        crc.update(buffer.duplicate().position(from).limit(to));
        return (int) crc.getValue();
    }
}
