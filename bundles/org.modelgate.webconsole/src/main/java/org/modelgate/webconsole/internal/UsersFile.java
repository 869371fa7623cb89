package org.modelgate.webconsole.internal;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Web Console's users file ({@code etc/webconsole.users}): one user a line,
 * {@code NAME:pbkdf2-sha256:ITERATIONS:SALT:HASH}; blank lines and lines starting with {@code #} are
 * ignored. A file with any bad line is refused as a whole (a half-read file could let the wrong
 * people in or keep the right ones out without anybody noticing).
 *
 * <pre>
 * Map&lt;String, PasswordHash&gt; users = UsersFile.read(Path.of("etc/webconsole.users"));
 * UsersFile.setPassword(file, "operator", PasswordHash.of(password)); // adds or replaces the line
 * </pre>
 */
public final class UsersFile {
    /** User names: letters, digits, {@code . _ @ -}, 1 to 64 characters. */
    public static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    static final String HEADER = """
            # Modelgate Web Console users: one per line, NAME:pbkdf2-sha256:ITERATIONS:SALT:HASH.
            # Passwords are never stored. Set or change one with bin/webconsole-passwd NAME;
            # delete a line to remove a user. Read again by the running gateway when it changes.
            # Keep this file readable by its owner only (chmod 600).
            """;

    private UsersFile() {
    }

    /**
     * Reads the users.
     *
     * @param file the users file
     * @return user name to password hash, in file order
     * @throws NoSuchFileException when the file does not exist
     * @throws UsersFileException when a line is not valid or the file cannot be read
     */
    public static Map<String, PasswordHash> read(Path file) throws NoSuchFileException, UsersFileException {
        List<String> lines = lines(file);
        Map<String, PasswordHash> users = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Map.Entry<String, PasswordHash> user = parseLine(file, i + 1, line);
            if (users.putIfAbsent(user.getKey(), user.getValue()) != null) {
                throw new UsersFileException(file + " line " + (i + 1) + ": user '" + user.getKey() + "' is listed twice");
            }
        }
        return Collections.unmodifiableMap(users);
    }

    /**
     * Sets a user's password: replaces the user's line, or adds one (creating the file with a short
     * header when there is none). Other lines and comments stay as they are. The file is written
     * readable by its owner only and replaced atomically.
     *
     * @param file the users file
     * @param user the user name
     * @param hash the new password's hash
     * @throws UsersFileException when the name is not valid, the file has a bad line (fix it or delete
     *         it first) or cannot be written
     */
    public static void setPassword(Path file, String user, PasswordHash hash) throws UsersFileException {
        checkName(user);
        List<String> lines;
        try {
            read(file); // refuse to build on a file that is already wrong
            lines = new ArrayList<>(lines(file));
        } catch (NoSuchFileException none) {
            lines = new ArrayList<>(HEADER.lines().toList());
        }
        String entry = user + ":" + hash.encoded();
        boolean replaced = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("#") && line.startsWith(user + ":")) {
                lines.set(i, entry);
                replaced = true;
            }
        }
        if (!replaced) {
            lines.add(entry);
        }
        try {
            OwnerOnlyFiles.write(file, String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new UsersFileException("cannot write " + file + ": " + e, e);
        }
    }

    /**
     * Checks a user name.
     *
     * @param user the name
     * @throws UsersFileException when it is not 1 to 64 letters, digits or {@code . _ @ -}
     */
    public static void checkName(String user) throws UsersFileException {
        if (user == null || !USER_NAME.matcher(user).matches()) {
            throw new UsersFileException("a user name is 1 to 64 letters, digits or . _ @ - (got '" + printable(user) + "')");
        }
    }

    private static Map.Entry<String, PasswordHash> parseLine(Path file, int number, String line) throws UsersFileException {
        int colon = line.indexOf(':');
        String where = file + " line " + number + ": ";
        if (colon < 0) {
            throw new UsersFileException(where + "expected NAME:" + PasswordHash.SCHEME + ":ITERATIONS:SALT:HASH (no ':' found)");
        }
        String name = line.substring(0, colon);
        if (!USER_NAME.matcher(name).matches()) {
            throw new UsersFileException(where + "the user name must be 1 to 64 letters, digits or . _ @ -");
        }
        try {
            return Map.entry(name, PasswordHash.parse(line.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new UsersFileException(where + "user '" + name + "': " + e.getMessage()
                    + "; set the password again with bin/webconsole-passwd " + name);
        }
    }

    private static List<String> lines(Path file) throws NoSuchFileException, UsersFileException {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (CharacterCodingException e) {
            throw new UsersFileException(file + " is not UTF-8 text", e);
        } catch (IOException e) {
            throw new UsersFileException("cannot read " + file + ": " + e, e);
        }
    }

    /** A name from outside, safe to put into a message or a log line. */
    static String printable(String text) {
        if (text == null) {
            return "";
        }
        String shown = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
