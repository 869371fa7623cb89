package org.modelgate.audit.internal;

/**
 * One line of the log file as bytes, without its newline.
 *
 * @param number the line number from 1, or 0 when read backwards (unknown)
 * @param offset where the line starts in the file
 * @param bytes the line's bytes
 * @param terminated whether a newline follows it (false only for a torn last line)
 */
record LogLine(long number, long offset, byte[] bytes, boolean terminated) {
    /** Where the next line starts. */
    long end() {
        return offset + bytes.length + (terminated ? 1 : 0);
    }
}
