package org.modelgate.learn.secagg;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * Round 3 message, server to every surviving client: the clients whose masked inputs the server holds. Each client
 * answers with {@link SecAggClient#unmask(java.util.Set)}.
 *
 * @param survivors the ids of the clients whose masked input counts in the sum (sorted)
 */
public record UnmaskRequest(Set<String> survivors) {

    /**
     * Checks and copies the set (sorted, unmodifiable).
     *
     * @throws IllegalArgumentException where the set is empty or holds a blank id
     */
    public UnmaskRequest {
        if (survivors == null || survivors.isEmpty()) {
            throw new IllegalArgumentException("UnmaskRequest needs at least one survivor");
        }
        TreeSet<String> sorted = new TreeSet<>();
        for (String id : survivors) {
            sorted.add(Wire.checkId(id, "UnmaskRequest's survivor id"));
        }
        survivors = Collections.unmodifiableSortedSet(sorted);
    }

    /**
     * Encodes the request.
     *
     * @return the bytes {@link #fromBytes(byte[])} reads
     */
    public byte[] toBytes() {
        Wire.Writer out = Wire.writer(Wire.UNMASK_REQUEST).i32(survivors.size());
        survivors.forEach(out::string);
        return out.toBytes();
    }

    /**
     * Decodes a request.
     *
     * @param bytes what {@link #toBytes()} wrote
     * @return the request
     * @throws MalformedMessageException where the bytes are not a version 1 request
     */
    public static UnmaskRequest fromBytes(byte[] bytes) {
        Wire.Reader in = Wire.reader(bytes, Wire.UNMASK_REQUEST, "UnmaskRequest");
        int count = in.count("survivor", 1 << 20);
        if (count == 0) {
            throw in.malformed("no survivors");
        }
        TreeSet<String> survivors = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            String id = in.string("survivor " + i);
            if (!survivors.add(id)) {
                throw in.malformed("survivor '" + id + "' listed twice");
            }
        }
        in.end();
        return new UnmaskRequest(survivors);
    }
}
