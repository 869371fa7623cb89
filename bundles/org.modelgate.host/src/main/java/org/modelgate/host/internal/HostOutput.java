package org.modelgate.host.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Carries a host's stdout and stderr into the gateway's log, each line prefixed with the model, and keeps the
 * last lines to explain a death the exit code alone does not.
 */
final class HostOutput implements Runnable {
    private static final System.Logger LOG = System.getLogger("org.modelgate.host");
    private static final int KEPT = 20;
    private final InputStream stream;
    private final String prefix;
    private final Deque<String> last = new ArrayDeque<>();

    private HostOutput(InputStream stream, String prefix) {
        this.stream = stream;
        this.prefix = prefix;
    }

    static HostOutput pipe(Process process, String model) {
        HostOutput output = new HostOutput(process.getInputStream(), "[host " + model + " pid " + process.pid() + "] ");
        Thread thread = new Thread(output, "modelgate-host-output-" + process.pid());
        thread.setDaemon(true);
        thread.start();
        return output;
    }

    @Override
    public void run() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                synchronized (last) {
                    if (last.size() == KEPT) {
                        last.removeFirst();
                    }
                    last.addLast(line);
                }
                LOG.log(System.Logger.Level.INFO, prefix + line);
            }
        } catch (IOException e) {
            // the host is gone; its output ends with it
        }
    }

    /** The last line that looks like an error, else the last line, or null. */
    String lastWords() {
        synchronized (last) {
            String chosen = null;
            for (String line : last) {
                if (line.contains("Exception") || line.contains("Error") || line.contains("error")) {
                    chosen = line;
                }
            }
            return chosen != null ? chosen : last.peekLast();
        }
    }
}
