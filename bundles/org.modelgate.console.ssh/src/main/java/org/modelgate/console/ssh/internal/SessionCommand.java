package org.modelgate.console.ssh.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * What an SSH channel runs (a shell or one command line) on a thread of its own, as SSHD wants
 * {@link #start} to return at once; the exit status goes back to the client when it ends.
 */
abstract class SessionCommand implements Command {
    private static final System.Logger LOG = System.getLogger(SessionCommand.class.getName());

    protected InputStream in;
    protected OutputStream out;
    protected OutputStream err;
    private ExitCallback exit;
    private volatile Thread thread;

    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.exit = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment environment) {
        String user = channel.getSession().getUsername();
        Thread worker = new Thread(() -> {
            int status = 1;
            try {
                status = run(channel, environment);
            } catch (Exception | LinkageError e) {
                LOG.log(Level.WARNING, "SSH session of '" + user + "' failed", e);
                message(e.getClass().getSimpleName() + ": " + e.getMessage());
            } finally {
                flushQuietly(out);
                flushQuietly(err);
                exit.onExit(status);
            }
        }, "ssh-" + user + "-" + getClass().getSimpleName());
        worker.setDaemon(true);
        thread = worker;
        worker.start();
    }

    @Override
    public void destroy(ChannelSession channel) {
        Thread worker = thread;
        if (worker != null && worker != Thread.currentThread()) {
            worker.interrupt();
        }
    }

    /** Runs the channel's work on its own thread; returns the exit status. */
    protected abstract int run(ChannelSession channel, Environment environment) throws Exception;

    /** The Gogo session variable the mg commands read to name the operator in the audit log. */
    static final String OPERATOR_VARIABLE = "MODELGATE_OPERATOR";

    /** Who logged in on this channel's session: user name, key fingerprint and the key's comment. */
    static String operator(ChannelSession channel) {
        String named = channel.getSession().getAttribute(AuthorizedKeys.OPERATOR);
        return named != null ? named : channel.getSession().getUsername() + " (ssh)";
    }

    /** One line on the channel's error stream. */
    protected void message(String line) {
        try {
            err.write((line + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            err.flush();
        } catch (IOException closed) {
            // the client is gone: nobody to tell
        }
    }

    private static void flushQuietly(OutputStream stream) {
        try {
            if (stream != null) {
                stream.flush();
            }
        } catch (IOException closed) {
            // the client is gone: nothing left to flush to
        }
    }
}
