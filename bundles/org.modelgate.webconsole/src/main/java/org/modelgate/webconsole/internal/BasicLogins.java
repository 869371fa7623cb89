package org.modelgate.webconsole.internal;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Checks HTTP Basic credentials against the users file.
 *
 * <p>A browser sends the credentials with every request (each page, script and image), and PBKDF2 is
 * slow on purpose, so a header that was verified once is remembered, by a keyed digest (never the
 * password), until the users file changes. At most one password is hashed at a time: guessing costs
 * one core at most, and a login waits its turn (or gets BUSY after a while). An unknown user costs the
 * same hashing as a wrong password, so the time taken does not tell which names exist.
 */
final class BasicLogins {
    /** What became of one request's credentials. */
    enum Result {
        /** The user and password match the users file. */
        ACCEPTED,
        /** No credentials, or wrong ones. */
        REFUSED,
        /** The users file cannot be used: nobody may log in. */
        LOCKED,
        /** Too many logins being checked at once. */
        BUSY
    }

    /**
     * The result and, when accepted, the user.
     *
     * @param result what happened
     * @param user the user name when accepted, else null
     */
    record Outcome(Result result, String user) {
        static final Outcome REFUSED = new Outcome(Result.REFUSED, null);
        static final Outcome LOCKED = new Outcome(Result.LOCKED, null);
        static final Outcome BUSY = new Outcome(Result.BUSY, null);
    }

    private static final System.Logger LOG = System.getLogger(BasicLogins.class.getName());
    private static final int REMEMBERED = 64;

    private final ConsoleUsers users;
    private final byte[] key = new byte[32];
    private final Semaphore hashing = new Semaphore(1, true);
    private final long waitMillis;
    private final Map<String, Remembered> verified = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** A verified header: valid while the users file is the one it was checked against. */
    private record Remembered(ConsoleUsers.State state, String user) {
    }

    BasicLogins(ConsoleUsers users) {
        this(users, 10_000);
    }

    BasicLogins(ConsoleUsers users, long waitMillis) {
        this.users = users;
        this.waitMillis = waitMillis;
        new SecureRandom().nextBytes(key);
    }

    ConsoleUsers users() {
        return users;
    }

    /**
     * Checks an {@code Authorization} header.
     *
     * @param authorization the header, or null
     * @param from the client address, for the log
     * @return the outcome
     */
    Outcome check(String authorization, String from) {
        ConsoleUsers.State state = users.current();
        if (state instanceof ConsoleUsers.Locked) {
            return Outcome.LOCKED;
        }
        Map<String, PasswordHash> byName = ((ConsoleUsers.Users) state).byName();
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Outcome.REFUSED;
        }
        String digest = digest(authorization.substring(6).strip());
        synchronized (verified) {
            Remembered known = verified.get(digest);
            if (known != null && known.state() == state) {
                return new Outcome(Result.ACCEPTED, known.user());
            }
        }
        char[] credentials = decode(authorization.substring(6).strip());
        if (credentials == null) {
            return Outcome.REFUSED;
        }
        try {
            int colon = indexOf(credentials, ':');
            if (colon < 0) {
                return Outcome.REFUSED;
            }
            String user = new String(credentials, 0, colon);
            char[] password = Arrays.copyOfRange(credentials, colon + 1, credentials.length);
            try {
                Outcome outcome = verify(byName, user, password);
                if (outcome.result() == Result.ACCEPTED) {
                    synchronized (verified) {
                        verified.put(digest, new Remembered(state, user));
                    }
                } else if (outcome.result() == Result.REFUSED) {
                    LOG.log(Level.INFO, "Web Console login of '" + UsersFile.printable(user) + "' from " + from + " refused");
                }
                return outcome;
            } finally {
                Arrays.fill(password, '\0');
            }
        } finally {
            Arrays.fill(credentials, '\0');
        }
    }

    private Outcome verify(Map<String, PasswordHash> byName, String user, char[] password) {
        PasswordHash hash = byName.get(user);
        try {
            if (!hashing.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
                return Outcome.BUSY;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.BUSY;
        }
        try {
            boolean matches = (hash == null ? nobody(byName) : hash).matches(password);
            return hash != null && matches && password.length > 0 ? new Outcome(Result.ACCEPTED, user) : Outcome.REFUSED;
        } finally {
            hashing.release();
        }
    }

    /** Matches no password, at the cost of the users' own hashes: an unknown name takes as long as a known one. */
    private static PasswordHash nobody(Map<String, PasswordHash> byName) {
        int iterations = byName.values().stream().mapToInt(PasswordHash::iterations).findFirst().orElse(PasswordHash.DEFAULT_ITERATIONS);
        byte[] salt = new byte[16];
        new SecureRandom().nextBytes(salt);
        return new PasswordHash(iterations, salt, new byte[32]);
    }

    private String digest(String token) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(key);
            return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.ISO_8859_1)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e); // required of every Java runtime
        }
    }

    /** user:password from base64 of UTF-8 (RFC 7617, the charset the challenge announces); null if not that. */
    private static char[] decode(String token) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(token);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            char[] result = new char[chars.remaining()];
            chars.get(result);
            Arrays.fill(chars.array(), '\0');
            return result;
        } catch (CharacterCodingException notUtf8) {
            return null;
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static int indexOf(char[] chars, char wanted) {
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
