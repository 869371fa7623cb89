package org.modelgate.security.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.modelgate.security.KeyFileException;

/** The blocks of a PEM file ({@code -----BEGIN TYPE----- base64 -----END TYPE-----}). */
public final class PemFile {
    /** Key files are small; anything bigger is a mistake, not a key. */
    private static final long MAX_BYTES = 64 * 1024;
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\R(.*?)-----END \\1-----", Pattern.DOTALL);

    /** One PEM block. @param type the label, e.g. {@code PUBLIC KEY} @param der the decoded body */
    public record Block(String type, byte[] der) {
    }

    private PemFile() {
    }

    /**
     * Reads the PEM blocks of a file.
     *
     * @param file the file
     * @return the blocks, at least one
     * @throws KeyFileException when the file is unreadable, too big or holds no PEM block
     */
    public static List<Block> read(Path file) throws KeyFileException {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new KeyFileException(file, "not a regular file (a missing file or a symbolic link)", null);
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new KeyFileException(file, "is " + Files.size(file) + " bytes; a PEM key is under "
                        + MAX_BYTES + " bytes", null);
            }
            return parse(file, Files.readString(file, StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new KeyFileException(file, "cannot be read: " + e, e);
        }
    }

    static List<Block> parse(Path file, String text) throws KeyFileException {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String body = m.group(2);
            if (body.contains(":")) {
                throw new KeyFileException(file, "holds an encrypted key (a PEM header in block '" + m.group(1)
                        + "'); decrypt it first, e.g. openssl pkey -in KEY -out PLAIN", null);
            }
            try {
                blocks.add(new Block(m.group(1), Base64.getMimeDecoder().decode(body)));
            } catch (IllegalArgumentException e) {
                throw new KeyFileException(file, "block '" + m.group(1) + "' is not valid base64", e);
            }
        }
        if (blocks.isEmpty()) {
            throw new KeyFileException(file, "holds no PEM block (expected -----BEGIN PUBLIC KEY----- or "
                    + "-----BEGIN PRIVATE KEY-----)", null);
        }
        return blocks;
    }

    /**
     * Writes DER as PEM text the way OpenSSL and Python's cryptography do: 64-column base64, LF line ends.
     *
     * @param type the label
     * @param der the body
     * @return the PEM text, ending with a newline
     */
    public static String format(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }
}
