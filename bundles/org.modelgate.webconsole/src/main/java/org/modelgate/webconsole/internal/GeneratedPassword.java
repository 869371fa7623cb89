package org.modelgate.webconsole.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * The first start's login: when there is no users file yet, user {@code admin} gets a random
 * password. Only its hash goes into the users file; the password itself is written once to a file
 * that only its owner can read, and the log says where. There is no default password.
 */
final class GeneratedPassword {
    static final String USER = "admin";
    /** No 0/O, 1/l/I: easy to type from a screen. 20 of 56 symbols are about 116 bits. */
    private static final char[] ALPHABET = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();
    private static final int LENGTH = 20;
    private static final System.Logger LOG = System.getLogger(GeneratedPassword.class.getName());

    private GeneratedPassword() {
    }

    /**
     * Creates the users file with {@code admin} and a random password if it does not exist; does
     * nothing otherwise.
     *
     * @param usersFile the users file
     * @param passwordFile where the generated password is written (owner only)
     * @param iterations PBKDF2 iterations of the hash
     * @return true when a password was generated
     * @throws UsersFileException when either file cannot be written
     */
    static boolean createIfNoUsers(Path usersFile, Path passwordFile, int iterations) throws UsersFileException {
        if (Files.exists(usersFile)) {
            return false;
        }
        char[] password = random();
        try {
            try {
                // The password first: a users file whose password nobody can read would lock everyone out.
                OwnerOnlyFiles.write(passwordFile, new String(password) + "\n");
            } catch (IOException e) {
                throw new UsersFileException("cannot write the generated Web Console password to " + passwordFile + ": " + e, e);
            }
            UsersFile.setPassword(usersFile, USER, PasswordHash.of(password, iterations));
        } finally {
            Arrays.fill(password, '\0');
        }
        LOG.log(Level.WARNING, "Web Console first start: user '" + USER + "' has a generated password, readable by this "
                + "file's owner only: " + passwordFile + ". Change it with bin/webconsole-passwd " + USER
                + " (which deletes that file); the users and their password hashes are in " + usersFile);
        return true;
    }

    static char[] random() {
        SecureRandom random = new SecureRandom();
        char[] password = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            password[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return password;
    }
}
