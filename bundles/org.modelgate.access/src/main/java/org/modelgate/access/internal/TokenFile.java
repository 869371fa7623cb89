package org.modelgate.access.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The token store, {@code etc/tokens}: one token a line, {@code NAME sha256:HEX ROLE[,ROLE]}; {@code #} starts a
 * comment. Only hashes are stored: a token is shown once, when it is added. Written whole to a temporary file (0600)
 * and moved over the old one, so a reader sees the old or the new file.
 */
final class TokenFile {
    static final Set<String> ROLES = Set.of("infer", "manage");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,63}");

    private TokenFile() {
    }

    /**
     * Reads the store; a missing file is an empty store.
     *
     * @throws TokenFileException naming the line that is wrong
     */
    static List<Token> read(Path file) throws TokenFileException {
        if (!Files.exists(file)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TokenFileException(file + " cannot be read: " + e.getMessage());
        }
        List<Token> tokens = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String where = file + " line " + (i + 1) + ": ";
            String[] fields = line.split("\\s+");
            if (fields.length != 3) {
                throw new TokenFileException(where + "expected NAME sha256:HEX ROLES, found " + fields.length + " fields");
            }
            if (!names.add(fields[0])) {
                throw new TokenFileException(where + "the name " + fields[0] + " is there twice");
            }
            try {
                tokens.add(new Token(checkName(fields[0]), TokenHash.parse(fields[1]), roles(fields[2])));
            } catch (IllegalArgumentException e) {
                throw new TokenFileException(where + e.getMessage());
            }
        }
        return tokens;
    }

    /**
     * Adds a token, or replaces the one of that name; returns the token's text, which is stored nowhere.
     *
     * @throws TokenFileException when the store is invalid or cannot be written
     */
    static String add(Path file, String name, String roles) throws TokenFileException {
        checkName(name);
        Set<String> granted = roles(roles);
        List<Token> tokens = new ArrayList<>(read(file));
        tokens.removeIf(t -> t.name().equals(name));
        String token = TokenHash.newToken();
        tokens.add(new Token(name, TokenHash.hash(token), granted));
        write(file, tokens);
        return token;
    }

    /**
     * Removes the token of that name.
     *
     * @return whether there was one
     */
    static boolean remove(Path file, String name) throws TokenFileException {
        List<Token> tokens = new ArrayList<>(read(file));
        boolean removed = tokens.removeIf(t -> t.name().equals(name));
        if (removed) {
            write(file, tokens);
        }
        return removed;
    }

    private static void write(Path file, List<Token> tokens) throws TokenFileException {
        StringBuilder text = new StringBuilder("# Modelgate bearer tokens: NAME sha256:HEX ROLES (infer, manage).\n"
                + "# Add with bin/modelgate token add NAME ROLES or mg:token add NAME ROLES (each prints the token once);"
                + " only hashes are kept here.\n");
        for (Token t : tokens) {
            text.append(t.name()).append(' ').append(TokenHash.format(t.hash())).append(' ')
                    .append(String.join(",", new java.util.TreeSet<>(t.roles()))).append('\n');
        }
        try {
            Path folder = file.toAbsolutePath().getParent();
            Files.createDirectories(folder);
            Path temp = Files.createTempFile(folder, ".tokens", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new TokenFileException(file + " cannot be written: " + e.getMessage());
        }
    }

    private static String checkName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("the name '" + name + "' must be letters, digits, . _ @ - (up to 64)");
        }
        return name;
    }

    private static Set<String> roles(String text) {
        Set<String> roles = new LinkedHashSet<>();
        for (String role : text.split(",")) {
            if (!ROLES.contains(role)) {
                throw new IllegalArgumentException("unknown role '" + role + "'; roles are infer, manage (comma-separated)");
            }
            roles.add(role);
        }
        return roles;
    }
}
