package org.modelgate.remote.commands.internal;

import java.nio.file.Path;
import java.util.Map;

/**
 * What a deploy, install or update request brought: a file ready to install, or the progress of a chunked transfer
 * still under way.
 *
 * @param progress the transfer's progress (transfer, file, size, received, complete) or, for a pull, url and size
 * @param file the whole file, its hash checked; null while a transfer is under way
 */
record Arrival(Map<String, Object> progress, Path file) {
    /** Whether the file is here. */
    boolean ready() {
        return file != null;
    }
}
