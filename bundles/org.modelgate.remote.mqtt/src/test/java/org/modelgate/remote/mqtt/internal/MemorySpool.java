package org.modelgate.remote.mqtt.internal;

import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.modelgate.remote.mqtt.spool.Spool;

/** A spool in memory, unbounded: the drain's tests need only its order and its remove. */
final class MemorySpool implements Spool {
    private final ConcurrentSkipListMap<Long, Entry> entries = new ConcurrentSkipListMap<>();
    private final AtomicLong seq = new AtomicLong();

    @Override
    public long offer(Kind kind, byte[] payload) {
        long n = seq.incrementAndGet();
        entries.put(n, new Entry(n, kind, System.currentTimeMillis(), payload));
        return n;
    }

    @Override
    public Optional<Entry> peek() {
        var first = entries.firstEntry();
        return first == null ? Optional.empty() : Optional.of(first.getValue());
    }

    @Override
    public void remove(long n) {
        entries.remove(n);
    }

    @Override
    public Counts counts() {
        return new Counts(entries.size(), entries.values().stream().mapToLong(e -> e.payload().length).sum(), 0, 0, 0);
    }

    @Override
    public void close() {
    }
}
