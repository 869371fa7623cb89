package org.modelgate.core.internal;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ids for requests that came without one, so that every response (and its inference record) names its prediction
 * and feedback can refer to it: a random prefix drawn once per start, then a counter in base 36
 * ({@code 3f9a1c-2k}). Unique within a gateway across restarts (the prefix) and cheap on the request path (one
 * atomic increment); not secret and not meant to be.
 */
final class RequestIds {
    private final String prefix;
    private final AtomicLong counter = new AtomicLong();

    RequestIds() {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        prefix = HexFormat.of().formatHex(random) + "-";
    }

    /** @return the request's own id, or a new one when it has none */
    String idOf(String requested) {
        return requested != null ? requested : prefix + Long.toString(counter.incrementAndGet(), Character.MAX_RADIX);
    }
}
