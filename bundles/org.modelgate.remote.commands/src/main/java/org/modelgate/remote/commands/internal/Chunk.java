package org.modelgate.remote.commands.internal;

import java.util.Base64;
import java.util.Locale;
import java.util.regex.Pattern;
import org.modelgate.remote.CommandCall;
import org.modelgate.remote.CommandException;

/**
 * One piece of a chunked transfer, as a command body carries it:
 * {@code {"transfer", "file", "size", "sha256", "offset", "data"}}, data in base64.
 *
 * @param transfer the transfer's id, chosen by the sender: letters, digits, '.', '_' and '-'
 * @param file the file's name, which ends in the extension the command takes
 * @param size the whole file's size in bytes
 * @param sha256 the whole file's SHA-256, lower-case hex
 * @param offset where this piece starts
 * @param data this piece's bytes
 */
record Chunk(String transfer, String file, long size, String sha256, long offset, byte[] data) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern FILE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]{0,127}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /**
     * Reads a chunk from a command's body.
     *
     * @param call the command
     * @param extension the file extension the command takes, such as {@code .mgp}
     * @return the chunk
     * @throws CommandException naming the field that is missing or wrong
     */
    static Chunk from(CommandCall call, String extension) {
        String transfer = transferId(call);
        String file = fileName(call.text("file"), extension);
        long size = Fields.whole(call, "size");
        String sha256 = sha256(call, "sha256");
        long offset = Fields.whole(call, "offset");
        String data = call.text("data");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(data);
        } catch (IllegalArgumentException e) {
            throw new CommandException("\"data\" of the chunk at offset " + offset + " of transfer " + transfer
                    + " is not base64 (RFC 4648, no line breaks): " + e.getMessage());
        }
        if (bytes.length == 0) {
            throw new CommandException("the chunk at offset " + offset + " of transfer " + transfer + " carries no bytes");
        }
        return new Chunk(transfer, file, size, sha256, offset, bytes);
    }

    /**
     * The transfer id of a command's body, checked.
     *
     * @param call the command
     * @return the id
     */
    static String transferId(CommandCall call) {
        String transfer = call.text("transfer");
        if (!ID.matcher(transfer).matches()) {
            throw new CommandException("\"transfer\" is 1 to 64 letters, digits, '.', '_' or '-' (starting with a letter "
                    + "or digit), not " + transfer);
        }
        return transfer;
    }

    /**
     * A file name of a command's body, checked: a plain name, no folder, ending in the extension.
     *
     * @param file the name
     * @param extension the extension
     * @return the name
     */
    static String fileName(String file, String extension) {
        if (!FILE.matcher(file).matches() || file.contains("..")) {
            throw new CommandException("\"file\" is a plain file name (letters, digits, '.', '_', '+', '-'), not " + file);
        }
        if (!file.toLowerCase(Locale.ROOT).endsWith(extension)) {
            throw new CommandException("\"file\" must end in " + extension + ", not " + file);
        }
        return file;
    }

    /**
     * A SHA-256 field of a command's body, checked and in lower case.
     *
     * @param call the command
     * @param field the field
     * @return the hash
     */
    static String sha256(CommandCall call, String field) {
        String hash = call.text(field).toLowerCase(Locale.ROOT);
        if (!SHA256.matcher(hash).matches()) {
            throw new CommandException("\"" + field + "\" is the SHA-256 of the whole file as 64 hex digits, not " + hash);
        }
        return hash;
    }

    /** The offset just after this piece. */
    long end() {
        return offset + data.length;
    }
}
