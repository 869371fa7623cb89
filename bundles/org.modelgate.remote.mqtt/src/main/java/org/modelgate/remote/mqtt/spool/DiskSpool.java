package org.modelgate.remote.mqtt.spool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The {@link Spool} on a {@link SpoolJournal}: the entries' places in the file are kept in memory (two maps, one
 * per kind, ordered by sequence), their payloads stay on disk until {@link #peek()} reads them.
 *
 * <p>Capacity counts payload bytes. An offer writes the drops it causes and its entry in one append and forces it
 * (fdatasync) before it returns; a {@link #remove(long)} is appended without a force of its own (a crash before the
 * next force delivers that entry once more, which the contract allows). Counters and the next sequence number are
 * rebuilt from the journal on open.
 *
 * <pre>
 * try (DiskSpool spool = DiskSpool.open(folder, 8L &lt;&lt; 20)) {
 *     long seq = spool.offer(Spool.Kind.ALERT, json);
 *     spool.peek().ifPresent(entry -&gt; { publish(entry); spool.remove(entry.seq()); });
 * }
 * </pre>
 */
public final class DiskSpool implements Spool {
    /** A journal holding less garbage than this is not rewritten. */
    static final long DEFAULT_COMPACT_MIN_BYTES = 1L << 20;
    private static final System.Logger LOG = System.getLogger(DiskSpool.class.getName());

    private final Path folder;
    private final long compactMinBytes;
    private final SpoolJournal journal;
    private final SpoolRecovery recovery;
    private final TreeMap<Long, Slot> telemetry = new TreeMap<>();
    private final TreeMap<Long, Slot> alerts = new TreeMap<>();
    private long capacity;
    private long nextSeq = 1;
    private long bytes;
    private long liveRecordBytes;
    private long droppedTelemetry;
    private long droppedAlerts;
    private long refused;
    private boolean closed;

    /** Where an entry's payload lies in the journal. */
    private record Slot(long seq, Kind kind, long createdMillis, long payloadOffset, int length) {
        Slot at(long offset) {
            return new Slot(seq, kind, createdMillis, offset, length);
        }
    }

    private DiskSpool(Path folder, long capacity, long compactMinBytes, SpoolJournal.Opened opened) {
        this.folder = folder;
        this.capacity = capacity;
        this.compactMinBytes = compactMinBytes;
        this.journal = opened.journal();
        this.recovery = opened.recovery();
    }

    /**
     * Opens the spool in a folder, creating it when missing.
     *
     * @param folder the folder of the journal ({@value SpoolJournal#FILE})
     * @param capacityBytes payload bytes it may hold
     * @return the spool, holding what was offered and not removed before
     * @throws IOException when the folder cannot be used or holds a file that is not a spool journal
     */
    public static DiskSpool open(Path folder, long capacityBytes) throws IOException {
        return open(folder, capacityBytes, DEFAULT_COMPACT_MIN_BYTES);
    }

    static DiskSpool open(Path folder, long capacityBytes, long compactMinBytes) throws IOException {
        if (capacityBytes < 1) {
            throw new IllegalArgumentException("the spool's capacity must be at least 1 byte, got " + capacityBytes);
        }
        Replay replay = new Replay();
        SpoolJournal.Opened opened = SpoolJournal.open(folder, replay::accept);
        DiskSpool spool = new DiskSpool(folder, capacityBytes, compactMinBytes, opened);
        replay.into(spool);
        if (spool.bytes > capacityBytes) {
            spool.trim();
        }
        return spool;
    }

    /** Collects the journal's records into the state they describe. */
    private static final class Replay {
        private final TreeMap<Long, Slot> slots = new TreeMap<>();
        private final long[] counters = new long[4];

        void accept(SpoolRecord record, long offset) {
            switch (record.type()) {
                case ENTRY -> {
                    slots.put(record.seq(), new Slot(record.seq(), record.kind(), record.createdMillis(),
                            offset + SpoolRecord.ENTRY_HEADER, record.payload().length));
                    counters[0] = Math.max(counters[0], record.seq() + 1);
                }
                case DELIVERED -> slots.remove(record.seq());
                case DROPPED -> {
                    slots.remove(record.seq());
                    counters[record.kind() == Kind.TELEMETRY ? 1 : 2]++;
                }
                case REFUSED -> counters[3]++;
                case STATE -> {
                    counters[0] = Math.max(counters[0], record.counters()[0]);
                    System.arraycopy(record.counters(), 1, counters, 1, 3);
                }
            }
        }

        void into(DiskSpool spool) {
            for (Slot slot : slots.values()) {
                spool.add(slot);
            }
            spool.nextSeq = Math.max(1, counters[0]);
            spool.droppedTelemetry = counters[1];
            spool.droppedAlerts = counters[2];
            spool.refused = counters[3];
        }
    }

    @Override
    public synchronized long offer(Kind kind, byte[] payload) {
        ensureOpen();
        try {
            if (payload.length > capacity) {
                journal.append(List.of(SpoolRecord.refused()), true);
                refused++;
                return -1;
            }
            List<Slot> victims = victimsFor(payload.length);
            List<SpoolRecord> records = new ArrayList<>(victims.size() + 1);
            for (Slot victim : victims) {
                records.add(SpoolRecord.dropped(victim.seq(), victim.kind()));
            }
            long seq = nextSeq;
            long created = System.currentTimeMillis();
            records.add(SpoolRecord.entry(seq, kind, created, payload));
            long[] offsets = journal.append(records, true);
            nextSeq++;
            drop(victims);
            add(new Slot(seq, kind, created, offsets[offsets.length - 1] + SpoolRecord.ENTRY_HEADER, payload.length));
            compactIfWorthIt();
            return seq;
        } catch (IOException e) {
            throw failed("cannot write", e);
        }
    }

    /** The oldest telemetry, then the oldest alerts, that must go for a payload of this size to fit. */
    private List<Slot> victimsFor(long length) {
        List<Slot> victims = new ArrayList<>();
        long free = capacity - bytes;
        for (Iterator<Slot> it = new Chain(telemetry, alerts); free < length && it.hasNext();) {
            Slot victim = it.next();
            victims.add(victim);
            free += victim.length();
        }
        return victims;
    }

    /** Telemetry first, alerts after, each oldest first. */
    private static final class Chain implements Iterator<Slot> {
        private final Iterator<Slot> first;
        private final Iterator<Slot> second;

        Chain(Map<Long, Slot> first, Map<Long, Slot> second) {
            this.first = first.values().iterator();
            this.second = second.values().iterator();
        }

        @Override
        public boolean hasNext() {
            return first.hasNext() || second.hasNext();
        }

        @Override
        public Slot next() {
            return first.hasNext() ? first.next() : second.next();
        }
    }

    private void drop(List<Slot> victims) {
        for (Slot victim : victims) {
            forget(victim.seq());
            if (victim.kind() == Kind.TELEMETRY) {
                droppedTelemetry++;
            } else {
                droppedAlerts++;
            }
        }
    }

    @Override
    public synchronized Optional<Entry> peek() {
        ensureOpen();
        Slot oldest = oldest();
        if (oldest == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Entry(oldest.seq(), oldest.kind(), oldest.createdMillis(),
                    journal.read(oldest.payloadOffset(), oldest.length())));
        } catch (IOException e) {
            throw failed("cannot read entry " + oldest.seq() + " from", e);
        }
    }

    /**
     * Every waiting entry, oldest first, none removed.
     *
     * @return the entries
     */
    public synchronized List<Entry> waiting() {
        ensureOpen();
        List<Slot> live = live();
        List<Entry> entries = new ArrayList<>(live.size());
        for (Slot slot : live) {
            try {
                entries.add(new Entry(slot.seq(), slot.kind(), slot.createdMillis(),
                        journal.read(slot.payloadOffset(), slot.length())));
            } catch (IOException e) {
                throw failed("cannot read entry " + slot.seq() + " from", e);
            }
        }
        return entries;
    }

    private List<Slot> live() {
        List<Slot> live = new ArrayList<>(telemetry.size() + alerts.size());
        live.addAll(telemetry.values());
        live.addAll(alerts.values());
        live.sort((x, y) -> Long.compare(x.seq(), y.seq()));
        return live;
    }

    private Slot oldest() {
        Map.Entry<Long, Slot> t = telemetry.firstEntry();
        Map.Entry<Long, Slot> a = alerts.firstEntry();
        if (t == null) {
            return a == null ? null : a.getValue();
        }
        return a == null || t.getKey() < a.getKey() ? t.getValue() : a.getValue();
    }

    @Override
    public synchronized void remove(long seq) {
        ensureOpen();
        if (!telemetry.containsKey(seq) && !alerts.containsKey(seq)) {
            return;
        }
        try {
            journal.append(List.of(SpoolRecord.delivered(seq)), false);
            forget(seq);
            compactIfWorthIt();
        } catch (IOException e) {
            throw failed("cannot write", e);
        }
    }

    @Override
    public synchronized Counts counts() {
        return new Counts(telemetry.size() + alerts.size(), bytes, droppedTelemetry, droppedAlerts, refused);
    }

    /**
     * What opening the spool cut off a damaged journal.
     *
     * @return the recovery; {@link SpoolRecovery#cut()} false when nothing was lost
     */
    public SpoolRecovery recovery() {
        return recovery;
    }

    /**
     * The payload bytes the spool may hold.
     *
     * @return the capacity
     */
    public synchronized long capacity() {
        return capacity;
    }

    /**
     * Changes the capacity; when the spool holds more, the oldest telemetry, then the oldest alerts, are dropped
     * (counted) until it fits.
     *
     * @param capacityBytes payload bytes it may hold, at least 1
     */
    public synchronized void capacity(long capacityBytes) {
        ensureOpen();
        if (capacityBytes < 1) {
            throw new IllegalArgumentException("the spool's capacity must be at least 1 byte, got " + capacityBytes);
        }
        capacity = capacityBytes;
        try {
            trim();
        } catch (IOException e) {
            throw failed("cannot write", e);
        }
    }

    private void trim() throws IOException {
        List<Slot> victims = victimsFor(0);
        if (!victims.isEmpty()) {
            journal.append(victims.stream().map(v -> SpoolRecord.dropped(v.seq(), v.kind())).toList(), true);
            drop(victims);
        }
    }

    /** Where the journal lies. */
    Path folder() {
        return folder;
    }

    private void add(Slot slot) {
        (slot.kind() == Kind.TELEMETRY ? telemetry : alerts).put(slot.seq(), slot);
        bytes += slot.length();
        liveRecordBytes += SpoolRecord.ENTRY_HEADER + slot.length();
    }

    private void forget(long seq) {
        Slot slot = telemetry.remove(seq);
        if (slot == null) {
            slot = alerts.remove(seq);
        }
        if (slot != null) {
            bytes -= slot.length();
            liveRecordBytes -= SpoolRecord.ENTRY_HEADER + slot.length();
        }
    }

    /**
     * Rewrites the journal with only the live entries once its garbage outweighs them (and the minimum). A failure
     * leaves the old journal in use and is logged: the offer or remove that called it has happened.
     */
    private void compactIfWorthIt() {
        long garbage = journal.size() - liveRecordBytes;
        if (garbage < compactMinBytes || garbage < liveRecordBytes) {
            return;
        }
        try {
            compact();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "spool " + folder + ": cannot rewrite its journal (" + e.getMessage()
                    + "); it goes on growing until a rewrite succeeds", e);
        }
    }

    private void compact() throws IOException {
        List<Slot> live = live();
        List<Slot> moved = new ArrayList<>(live.size());
        try (SpoolJournal.Rewrite rewrite = journal.rewrite()) {
            rewrite.write(SpoolRecord.state(nextSeq, droppedTelemetry, droppedAlerts, refused));
            for (Slot slot : live) {
                byte[] payload = journal.read(slot.payloadOffset(), slot.length());
                long offset = rewrite.write(SpoolRecord.entry(slot.seq(), slot.kind(), slot.createdMillis(), payload));
                moved.add(slot.at(offset + SpoolRecord.ENTRY_HEADER));
            }
            rewrite.commit();
        }
        for (Slot slot : moved) {
            (slot.kind() == Kind.TELEMETRY ? telemetry : alerts).put(slot.seq(), slot);
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("the spool in " + folder + " is closed");
        }
    }

    private UncheckedIOException failed(String what, IOException e) {
        return new UncheckedIOException("spool " + folder + ": " + what + " its journal " + SpoolJournal.FILE + ": "
                + e.getMessage(), e);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            journal.force();
            journal.close();
        } catch (IOException e) {
            throw failed("cannot close", e);
        }
    }
}
